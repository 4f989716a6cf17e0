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
// curl for Maven wrappers). Debian 12 ships OpenJDK 17 only, so other
// majors have no stand-in here.
func temurinRecipe(ctx context.Context, s *standins, ref string) error {
	_, tag := repository(ref)
	version, kind, ok := strings.Cut(tag, "-")
	if !ok || (kind != "jdk" && kind != "jre") {
		return fmt.Errorf("only <version>-jdk and <version>-jre tags are made here, not %s", tag)
	}
	major, _, _ := strings.Cut(version, ".")
	if major != "17" {
		return fmt.Errorf("Debian 12 has OpenJDK 17 only; no stand-in for Java %s", major)
	}
	if err := s.dependency(ctx, "debian:bookworm-slim"); err != nil {
		return err
	}
	pkg := "openjdk-17-jre-headless"
	if kind == "jdk" {
		pkg = "openjdk-17-jdk-headless"
	}
	return buildImage(ctx, ref, fmt.Sprintf(`FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl %s \
    && update-ca-certificates && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /opt/java && ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
`, pkg), "")
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
