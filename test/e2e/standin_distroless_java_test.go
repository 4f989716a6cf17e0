package e2e

import (
	"context"
	"fmt"
	"strings"
)

// distrolessJavaRecipe makes gcr.io/distroless/java<major>-debian12:nonroot:
// the glibc distroless stand-in plus Debian's OpenJDK runtime files (the
// package's own files, the libraries they link, with the files their
// symlinks name, and the configuration the JDK's symlinks point at), /usr/bin/java, and the official image's
// ENTRYPOINT ["/usr/bin/java", "-jar"]. No shell, like the real one.
func distrolessJavaRecipe(ctx context.Context, s *standins, ref string) error {
	repo, tag := repository(ref)
	major := strings.TrimSuffix(strings.TrimPrefix(repo, "gcr.io/distroless/java"), "-debian12")
	if tag != "nonroot" {
		return fmt.Errorf("only the nonroot tag is made here, not %s", tag)
	}
	if major != "17" {
		return fmt.Errorf("Debian 12 has OpenJDK 17 only; no stand-in for Java %s", major)
	}
	base := "gcr.io/distroless/base-debian12:nonroot"
	jre := "eclipse-temurin:17-jre"
	for _, dep := range []string{base, jre} {
		if err := s.dependency(ctx, dep); err != nil {
			return err
		}
	}
	return buildImage(ctx, ref, fmt.Sprintf(`FROM %s AS jre
RUN mkdir -p /out/usr/bin /out/etc/ssl/certs \
    && { dpkg -L openjdk-17-jre-headless; \
         find /usr/lib/jvm/java-17-openjdk-amd64/ -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null | awk '$3 ~ /^\// {print $3}'; } \
       | sort -u | while read -r f; do if [ -e "$f" ] && [ ! -d "$f" ]; then echo "${f#/}"; \
         if l=$(readlink "$f"); then case "$l" in /*) echo "${l#/}" ;; *) echo "$(dirname "${f#/}")/$l" ;; esac; fi; fi; done \
       | tar -C / -cf - -T - | tar -C /out -xf - \
    && cp -a /etc/java-17-openjdk /out/etc/ && cp -a /etc/ssl/certs/java /out/etc/ssl/certs/ \
    && ln -s /usr/lib/jvm/java-17-openjdk-amd64/bin/java /out/usr/bin/java
FROM %s
COPY --from=jre /out/ /
ENTRYPOINT ["/usr/bin/java", "-jar"]
`, jre, base), "")
}
