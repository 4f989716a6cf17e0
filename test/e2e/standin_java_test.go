package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// temurinRecipe makes eclipse-temurin:<version>-jdk and -jre, the version
// a major (17) or an exact release (17.0.21.1_2), from Debian's OpenJDK,
// laid out as the Temurin images are (JAVA_HOME=/opt/java/openjdk on PATH,
// curl for Maven wrappers). Debian 12 ships OpenJDK 17, Debian 13 ships 21
// and 25; other majors have no stand-in here.
func temurinRecipe(ctx context.Context, s *standins, ref string) error {
	_, tag := repository(ref)
	version, kind, ok := strings.Cut(tag, "-")
	if !ok || (kind != "jdk" && kind != "jre") {
		return fmt.Errorf("only <version>-jdk and <version>-jre tags are made here, not %s", tag)
	}
	major, _, _ := strings.Cut(version, ".")
	base, err := openJDKBase(ctx, s, major)
	if err != nil {
		return err
	}
	pkg := "openjdk-" + major + "-jre-headless"
	if kind == "jdk" {
		pkg = "openjdk-" + major + "-jdk-headless"
	}
	return buildImage(ctx, ref, fmt.Sprintf(`FROM %s
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl %s \
    && update-ca-certificates && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /opt/java && ln -s /usr/lib/jvm/java-%s-openjdk-amd64 /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
`, base, pkg, major), "")
}

// openJDKBase makes and names the Debian image whose OpenJDK is major:
// bookworm for 17, a debootstrapped trixie for 21 and 25.
func openJDKBase(ctx context.Context, s *standins, major string) (string, error) {
	switch major {
	case "17":
		return "debian:bookworm-slim", s.dependency(ctx, "debian:bookworm-slim")
	case "21", "25":
		base := "dockerize-standin/debian:trixie-slim"
		return base, debootstrapImage(ctx, s, "trixie", base)
	}
	return "", fmt.Errorf("Debian has OpenJDK 17 (bookworm), 21 and 25 (trixie) only; no stand-in for Java %s", major)
}

// mavenRecipe makes maven:<version>-eclipse-temurin-<major>: that Maven
// release, from Maven Central, on the Temurin JDK stand-in.
func mavenRecipe(ctx context.Context, s *standins, ref string) error {
	_, tag := repository(ref)
	version, major, ok := strings.Cut(tag, "-eclipse-temurin-")
	if !ok {
		return fmt.Errorf("only <maven>-eclipse-temurin-<major> tags are made here, not %s", tag)
	}
	jdk := "eclipse-temurin:" + major + "-jdk"
	if err := s.dependency(ctx, jdk); err != nil {
		return err
	}
	tarball := filepath.Join(s.cache, "apache-maven-"+version+"-bin.tar.gz")
	if _, err := os.Stat(tarball); err != nil {
		if err := os.MkdirAll(s.cache, 0o755); err != nil {
			return err
		}
		url := fmt.Sprintf("https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/%s/apache-maven-%s-bin.tar.gz", version, version)
		if _, err := run(ctx, "", "curl", "-fsSL", "-o", tarball+".part", url); err != nil {
			return err
		}
		if err := os.Rename(tarball+".part", tarball); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "standin-maven")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if _, err := run(ctx, dir, "tar", "-xzf", tarball); err != nil {
		return err
	}
	return buildImage(ctx, ref, fmt.Sprintf(`FROM %s
COPY apache-maven-%s /usr/share/maven
RUN ln -s /usr/share/maven/bin/mvn /usr/bin/mvn
ENV MAVEN_HOME=/usr/share/maven MAVEN_CONFIG=/root/.m2
CMD ["mvn"]
`, jdk, version), dir)
}
