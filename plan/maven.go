package plan

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/dfvalue"
	"github.com/dockerize-dev/dockerize/release"
)

// MavenStack is what the plan knows of Java/Maven.
func MavenStack() Stack {
	return Stack{Name: detect.Maven, Plan: planMaven, Images: MavenImages(), Templates: "maven", Questions: mavenQuestions(), Offer: mavenOffer, Checks: mavenChecks}
}

// mavenQuestions are the Java/Maven flags and settings.
func mavenQuestions() []Question {
	return []Question{
		{Name: "module", Help: "the module to run (directory or artifactId)", Kind: KindSelect, Prompt: "Which Maven module should the image run?"},
		{
			Name: "java-version", Help: "the release, e.g. 17 (default: the pom's maven.compiler.release/target/source or java.version, the compiler plugin, Spring Boot's parent, else 21)",
			Kind: KindInput, Prompt: "Which Java release?", Validate: matches(javaVersionRE, "a release number such as 17 or 21"),
		},
		{Name: "runtime", Help: "the runtime image flavour: jlink (a trimmed Java runtime on distroless cc), jre or distroless (default: jlink where it is safe, else jre)"},
		{
			Name: "maven-profile", Help: "the Maven profile to build with (-P), or none (default: a prod or production profile the poms declare, else none)",
			Kind: KindInput, Prompt: "Which Maven profile should the build use?", Validate: matches(mavenProfileRE, "a profile id, or none"),
		},
		{Name: "cds", Type: TypeBool, Help: "Spring Boot 3.3 or later: a class-data-sharing archive from a training run at build time, for a faster start (the app's context must start without its database or secrets; off by default)"},
		{Name: "run-tests", Type: TypeBool, Help: "run the tests during the image build"},
		{Name: "skip-tests", Type: TypeBool, Help: "skip the tests during the image build (the default)"},
	}
}

// MavenImages are the Java/Maven rows of the base-image table.
func MavenImages() []Image {
	return []Image{
		{
			Key: "maven.build", Repository: "maven", Tag: "3.9.9-eclipse-temurin-{version}", DefaultVersion: "21",
			Why: "Maven 3.9 on the Temurin JDK, for projects without a Maven wrapper",
		},
		{
			Key: "maven.build.wrapper", Repository: "eclipse-temurin", Tag: "{release}-jdk", DefaultVersion: "21",
			Why: "the Temurin JDK, for projects whose committed Maven wrapper picks Maven",
		},
		{
			Key: "maven.runtime", Repository: "eclipse-temurin", Tag: "{release}-jre", DefaultVersion: "21",
			Why: "the Temurin JRE: runs the jar, no compiler",
		},
		{
			Key: "maven.runtime.jlink", Repository: "gcr.io/distroless/cc-debian12", Tag: "nonroot",
			Why: "distroless cc: glibc, no shell or package manager, for the Java runtime jlink makes; runs as nonroot (65532)",
		},
		{
			Key: "maven.runtime.distroless", Repository: "gcr.io/distroless/java{version}-debian12", Tag: "nonroot", DefaultVersion: "21",
			Why: "the distroless Java image: a JRE without shell or package manager, runs as nonroot (65532); Java 17 and 21",
		},
	}
}

// MavenDependencyPlugin is the maven-dependency-plugin version whose
// javaClassRE is a binary class name: dot-separated Java identifiers.
var javaClassRE = regexp.MustCompile(`^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)*$`)

// copy-dependencies puts a thin jar's dependencies beside it; pinned so the
// step does not depend on the project's plugin management.
const MavenDependencyPlugin = "3.8.1"

// JarLayout is how the built application is laid out in the image.
type JarLayout string

// The jar layouts.
const (
	LayoutBootTools      JarLayout = "boot-tools"      // Spring Boot 3.3+, jarmode=tools
	LayoutBootLayertools JarLayout = "boot-layertools" // earlier Boot, jarmode=layertools
	LayoutQuarkus        JarLayout = "quarkus"         // Quarkus fast-jar
	LayoutJar            JarLayout = "jar"             // one jar, maybe with lib/
)

// IsBootTools reports Spring Boot layers extracted with jarmode=tools.
func (l JarLayout) IsBootTools() bool { return l == LayoutBootTools }

// IsBootLayertools reports Spring Boot layers extracted with
// jarmode=layertools.
func (l JarLayout) IsBootLayertools() bool { return l == LayoutBootLayertools }

// IsBootLayers reports either way of extracting Spring Boot's layers.
func (l JarLayout) IsBootLayers() bool { return l.IsBootTools() || l.IsBootLayertools() }

// IsQuarkus reports Quarkus's fast-jar layout.
func (l JarLayout) IsQuarkus() bool { return l == LayoutQuarkus }

// Maven returns the Java/Maven part of a Maven plan, else nil.
func (pl *Plan) Maven() *MavenPlan { m, _ := pl.Detail.(*MavenPlan); return m }

// MavenPlan is the Java/Maven-specific part of a plan.
type MavenPlan struct {
	JavaVersion string
	Wrapper     bool
	// CopyMvn is true when .mvn is copied with the poms: it holds the
	// wrapper or Maven's own configuration and extensions.
	CopyMvn bool
	// POMs are copied, in order, before the dependency download.
	POMs        []Copy
	ResolveDeps dfvalue.Shell // resolves dependencies in their own step
	Package     dfvalue.Shell // builds the jar
	Layout      JarLayout
	// Jar is the built file, relative to /build; JarName its base name.
	Jar     dfvalue.Path
	JarName dfvalue.Name
	// Launcher is the Spring Boot launcher class, for layertools layouts,
	// chosen by Boot version.
	Launcher string
	// MainClass and Lib are set for plain jars with dependencies copied
	// beside them.
	MainClass string
	Lib       *dfvalue.Path
	// Entrypoint is the exec-form command.
	Entrypoint dfvalue.Exec
	entry      []string
	// Toolchain is the JDK version the build stage declares as a Maven
	// toolchain (its own JDK), for maven-toolchains-plugin; nil for none.
	Toolchain *dfvalue.Word
	// ToolchainsFile is where the build stage writes that toolchains.xml.
	ToolchainsFile dfvalue.Word
	// CreateUser is true when the runtime stage adds the UID:GID user; false
	// when the runtime image has its own non-root user.
	CreateUser bool
	// JLink is set when jlink makes the Java runtime from the build image's
	// JDK, of JLinkModules (comma-separated); the runtime image is then
	// distroless cc with that runtime in JavaHome.
	JLink                  bool
	JLinkModules, JavaHome dfvalue.Word
	// Training is the exec-form training run that writes the CDS archive
	// or AOT cache (--cds), nil without one; the entrypoint then reads it.
	Training *dfvalue.Exec
}

// Java runtime flavours for --runtime.
const (
	RuntimeJLink      = "jlink"
	RuntimeJRE        = "jre"
	RuntimeDistroless = "distroless"
)

// jlinkJava lists the Java releases whose Temurin JDK images carry the
// jmods jlink links from.
func jlinkJava() []string { return []string{"17", "21"} }

// jlinkDefault lists the releases jlink is the default for: those whose
// trimmed runtime the real-build suite has built and served with.
func jlinkDefault() []string { return []string{"17"} }

// JLinkModules are the modules of the trimmed Java runtime: the whole Java
// SE API (what jdeps finds for Spring Boot, Quarkus and plain servers is a
// subset of it), plus the JDK modules that code loads by name, which jdeps
// cannot see: elliptic-curve TLS suites, non-English locale data, extra
// charsets, DNS for JNDI, zip file systems, JMX and JFR, sun.misc.Unsafe,
// PKCS#11, Kerberos/JAAS helpers and the built-in HTTP server.
func JLinkModules() []string {
	return []string{
		"java.se",
		"jdk.charsets", "jdk.crypto.cryptoki", "jdk.crypto.ec", "jdk.httpserver", "jdk.jfr", "jdk.localedata",
		"jdk.management", "jdk.naming.dns", "jdk.net", "jdk.security.auth", "jdk.unsupported", "jdk.zipfs",
	}
}

// nativeImaging lists dependencies (groupId or groupId:artifactId
// prefixes) that draw with AWT or Java2D: fonts and images need native
// libraries (freetype, fontconfig) distroless cc does not have.
func nativeImaging() []string {
	return []string{
		"org.apache.pdfbox", "org.apache.poi", "net.sf.jasperreports", "com.itextpdf", "com.lowagie",
		"org.jfree", "com.twelvemonkeys", "org.knowm.xchart", "net.coobird:thumbnailator", "org.openpdf",
	}
}

// imagingDependency returns the first dependency of mod that draws with
// AWT, else "".
func imagingDependency(mod *detect.MavenModule) string {
	for _, d := range mod.Dependencies {
		for _, p := range nativeImaging() {
			if d == p || strings.HasPrefix(d, p+":") || strings.HasPrefix(d, p+".") {
				return d
			}
		}
	}
	return ""
}

// defaultRuntime chooses the runtime flavour when --runtime is not given:
// jlink where it is known to work, else the Temurin JRE, and says why.
func defaultRuntime(mod *detect.MavenModule, javaVersion string) (string, string) {
	if !slices.Contains(jlinkDefault(), javaVersion) {
		return RuntimeJRE, "the Temurin JRE; a jlink'ed runtime is the default for Java " + strings.Join(jlinkDefault(), " and ") + " only, not " + javaVersion + " (--runtime jlink makes one for Java " + strings.Join(jlinkJava(), " and ") + ")"
	}
	if d := imagingDependency(mod); d != "" {
		return RuntimeJRE, "the Temurin JRE, because " + path.Join(mod.Dir, "pom.xml") + " depends on " + d + ", which draws with AWT and needs native font libraries distroless lacks; pass --runtime jlink to try it anyway"
	}
	return RuntimeJLink, ""
}

// distrolessJava lists the Java releases Google publishes distroless
// images for on Debian 12.
func distrolessJava() []string { return []string{"17", "21"} }

// javaRuntime picks the runtime image row: the Temurin JRE by default, the
// distroless Java image on request (only for the releases it exists for).
func (pl *Plan) javaRuntime(flag, javaVersion string, mod *detect.MavenModule) (Image, string, error) {
	given, why := flag != "", ""
	if !given {
		flag, why = defaultRuntime(mod, javaVersion)
	}
	switch flag {
	case RuntimeJRE:
		rt, err := pl.image("maven.runtime")
		source := cmp.Or(why, "--runtime jre: "+rt.Why)
		return rt, source, err
	case RuntimeJLink:
		if !slices.Contains(jlinkJava(), javaVersion) {
			return Image{}, "", fmt.Errorf("%w: --runtime jlink is made for Java %s only, not Java %s; use --runtime jre or --java-version", ErrInvalid, strings.Join(jlinkJava(), " and "), javaVersion)
		}
		rt, err := pl.image("maven.runtime.jlink")
		source := fmt.Sprintf("a Java %s runtime jlink makes from the build image's JDK: java.se and %d JDK modules code loads by name; distroless cc has no shell or package manager; pass --runtime jre for the Temurin JRE", javaVersion, len(JLinkModules())-1)
		if given {
			source = "--runtime jlink: " + source
		}
		return rt, source, err
	case RuntimeDistroless:
		if !slices.Contains(distrolessJava(), javaVersion) {
			return Image{}, "", fmt.Errorf("%w: --runtime distroless has Java images for %s only, not Java %s; use --runtime jre or --java-version", ErrInvalid, strings.Join(distrolessJava(), " and "), javaVersion)
		}
		rt, err := pl.image("maven.runtime.distroless")
		return rt, "--runtime distroless: " + rt.Why, err
	}
	return Image{}, "", fmt.Errorf("%w: --runtime %q is not a Java runtime; use %s, %s or %s", ErrInvalid, flag, RuntimeJLink, RuntimeJRE, RuntimeDistroless)
}

// bootLayout chooses how a Spring Boot jar is laid out in the image, by Boot
// version: jarmode=tools extraction from 3.3 (the extracted jar runs with
// java -jar, whatever its launcher), jarmode=layertools from 2.3 (then the
// launcher class is the one that Boot version and the plugin's layout
// write into the manifest), and the plain executable jar when layers cannot
// be extracted (a war, a Boot older than 2.3, layers switched off, or an
// unknown version).
func bootLayout(pl *Plan, mp *MavenPlan, mod *detect.MavenModule, heap string) {
	plain := func(why string) {
		mp.Layout = LayoutJar
		mp.entry = []string{"java", heap, "-jar", mp.JarName.String()}
		pl.decide("layout", "executable jar, not layered", why)
	}
	v := mod.BootVersion
	switch {
	case v == "":
		plain("the Spring Boot version is unknown (" + mod.BootVersionEvidence + "), so its layer tools are not used")
	case mod.Packaging == "war":
		plain("a Spring Boot war runs with java -jar; layer extraction is used for jars")
	case mod.BootLayers == "false":
		plain(path.Join(mod.Dir, "pom.xml") + ": the spring-boot-maven-plugin switches layers off")
	case !versionAtLeast(v, 2, 3) || (!versionAtLeast(v, 2, 4) && mod.BootLayers != "true"):
		plain("Spring Boot " + v + " writes no layer index (layers come with 2.3, on by default from 2.4)")
	case versionAtLeast(v, 3, 3):
		mp.Layout = LayoutBootTools
		mp.entry = []string{"java", heap, "-jar", mp.JarName.String()}
		pl.decide("layout", "Spring Boot layers (jarmode=tools)", "Spring Boot "+v)
	default:
		mp.Layout = LayoutBootLayertools
		mp.Launcher = bootLauncher(v, mod.BootLayout)
		mp.entry = []string{"java", heap, mp.Launcher}
		pl.decide("layout", "Spring Boot layers (jarmode=layertools)", "Spring Boot "+v+", before 3.3")
		pl.decide("launcher", mp.Launcher, "the Main-Class Spring Boot "+v+" writes for a "+strings.ToLower(cmp.Or(mod.BootLayout, "jar"))+" layout")
	}
}

// bootLauncher is the launcher class Spring Boot writes as the jar's
// Main-Class: its package moved in 3.2, and the plugin's <layout> picks the
// class (ZIP and DIR use PropertiesLauncher, WAR the WarLauncher).
func bootLauncher(version, layout string) string {
	pkg := "org.springframework.boot.loader."
	if versionAtLeast(version, 3, 2) {
		pkg += "launch."
	}
	switch layout {
	case "ZIP", "DIR":
		return pkg + "PropertiesLauncher"
	case "WAR":
		return pkg + "WarLauncher"
	}
	return pkg + "JarLauncher"
}

// javaUser is the fixed UID:GID the Java runtime stage creates and runs as.
const javaUser = 10001

// BootLayers are Spring Boot's layers, least to most often changed.
func BootLayers() []dfvalue.Path {
	var ps []dfvalue.Path
	for _, l := range []string{"dependencies", "spring-boot-loader", "snapshot-dependencies", "application"} {
		ps = append(ps, mustPath(l))
	}
	return ps
}

var (
	javaVersionRE  = regexp.MustCompile(`^[0-9]{1,2}$`)
	mavenProfileRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
)

// withProfile reads every module as built with --maven-profile: "none" for
// no -P, else the profile id, which some pom must declare.
func withProfile(m *detect.MavenProject, flag string) (*detect.MavenProject, error) {
	if flag == "" {
		return m, nil
	}
	id := flag
	if flag == "none" {
		id = ""
	} else if !mavenProfileRE.MatchString(flag) {
		return nil, fmt.Errorf("%w: --maven-profile %q is not a profile id; use one the poms declare, or none", ErrInvalid, flag)
	}
	out := *m
	out.Modules = nil
	found := id == ""
	var all []string
	for i, mod := range append([]detect.MavenModule{m.Root}, m.Modules...) {
		all = append(all, mod.Profiles...)
		v, ok := mod.WithProfile(id)
		if ok {
			found = true
		} else {
			v, _ = mod.WithProfile("")
		}
		if i == 0 {
			out.Root = v
		} else {
			out.Modules = append(out.Modules, v)
		}
	}
	if !found {
		slices.Sort(all)
		return nil, fmt.Errorf("%w: --maven-profile %s is not declared by any pom of this build; use one of: %s, or none", ErrInvalid, flag, strings.Join(slices.Compact(all), ", "))
	}
	return &out, nil
}

func planMaven(pl *Plan, p *detect.Project, a Answers) error {
	m, err := withProfile(p.Maven(), a.String("maven-profile"))
	if err != nil {
		return err
	}
	mod, err := chooseModule(m, a)
	if err != nil {
		return err
	}
	mp := &MavenPlan{Wrapper: m.Wrapper, CopyMvn: m.Wrapper || len(m.MavenConfig) > 0}
	pl.Detail = mp
	pl.title = mod.ArtifactID
	modDir := pl.path(mod.Dir, "the module directory "+dfvalue.Quote(mod.Dir)+" (a <module> of the parent pom)", "rename it to letters, digits and ._@+-")
	if mod.Dir != "." {
		pl.decide("module", mod.Dir, moduleSource(a))
	}

	// Java version: the flag, the module's pom, the root pom, the default.
	def, _ := pl.image("maven.runtime")
	flag := versionFlag{"java-version", "1.", javaVersionRE, "a Java release", "a number such as 17 or 21"}
	project := func() (string, string, error) {
		v, ev := mod.JavaVersion, mod.JavaVersionEvidence
		if v == "" {
			v, ev = m.Root.JavaVersion, m.Root.JavaVersionEvidence
		}
		if v == "" {
			return "", "", nil
		}
		if line, why := javaLine(v); line != v {
			return line, ev + "; " + why, nil
		}
		return v, ev, nil
	}
	problem := cmp.Or(mod.JavaProblem, m.Root.JavaProblem)
	if mp.JavaVersion, err = pl.chooseVersion("java version", a, flag, project, def.DefaultVersion, fmt.Sprintf("default, because %s; pass --java-version to choose", problem)); err != nil {
		return err
	}

	buildKey, mvn := "maven.build", []string{"mvn"}
	if m.Wrapper {
		// sh, not the exec bit: checkouts on Windows and archives often lose it.
		buildKey, mvn = "maven.build.wrapper", []string{"sh", "./mvnw"}
		pl.decide("maven", "the wrapper (./mvnw)", m.WrapperEvidence)
	}
	if pl.BuildImage, err = pl.imageRef(a, buildKey, mp.JavaVersion); err != nil {
		return err
	}
	rt, rtSource, err := pl.javaRuntime(a.String("runtime"), mp.JavaVersion, mod)
	if err != nil {
		return err
	}
	if pl.RuntimeImage, err = pl.imageRef(a, rt.Key, mp.JavaVersion); err != nil {
		return err
	}

	// Tests: skipped in the image build unless asked for.
	if a.Bool("run-tests") && a.Bool("skip-tests") {
		return fmt.Errorf("%w: --run-tests and --skip-tests contradict each other; pass one", ErrInvalid)
	}
	skip := []string{"-DskipTests"}
	if a.Bool("run-tests") {
		skip = nil
		pl.decide("tests", "run", "--run-tests")
	}
	var profile, reactor []string
	if mod.Dir != "." {
		reactor = []string{"-pl", modDir.String(), "-am"}
	}
	if mod.Profile != "" {
		if !mavenProfileRE.MatchString(mod.Profile) {
			return fmt.Errorf("%s: profile id %q has characters dockerize does not pass to -P; pass --maven-profile none or another profile", path.Join(mod.Dir, "pom.xml"), mod.Profile)
		}
		profile = []string{"-P" + mod.Profile}
		pl.decide("maven profile", mod.Profile, cmp.Or(mod.ProfileEvidence, "--maven-profile")+"; pass --maven-profile none (or another id) to change it")
	}
	if mod.Toolchain != "" {
		// Without a toolchains.xml the plugin finds no JDK and fails the
		// build; the build image's own JDK satisfies it.
		w, err := dfvalue.NewWord(mp.JavaVersion)
		pl.check(err, "the toolchain JDK version", "pass --java-version")
		f, err := dfvalue.NewWord(mavenToolchains)
		pl.check(err, "the toolchains file", "report this")
		mp.Toolchain, mp.ToolchainsFile = &w, f
		mvn = append(slices.Clone(mvn), "--global-toolchains", mavenToolchains)
		pl.decide("maven toolchain", "jdk "+mp.JavaVersion+", the build image's JDK", mod.ToolchainEvidence)
	}
	mvnArgs := func(args ...[]string) []string {
		return slices.Concat(append([][]string{mvn, {"--batch-mode", "--no-transfer-progress"}}, args...)...)
	}
	mp.Package = pl.command("the build", mvnArgs([]string{"package"}, profile, reactor, skip)...)
	// The dependency step runs the build's own goals on the build
	// description alone: Maven loads every plugin the build runs and
	// resolves the dependencies they ask for, so it downloads what package
	// needs and no more (go-offline also fetches the site, install and
	// deploy plugins and their trees: 217 jars against 78 for a plain jar).
	// With no sources some plugins have nothing to do or fail, so the pass
	// never fails, and what it built is removed.
	depGoals := [][]string{{"--fail-never", "package"}, profile, reactor, skip}

	if mod.JarName == "" {
		return fmt.Errorf("%s: the jar name (build.finalName or artifactId-version) uses a property defined outside this repository; set build.finalName in the pom", path.Join(mod.Dir, "pom.xml"))
	}
	jar, err := dfvalue.NewName(mod.JarName)
	pl.check(err, path.Join(mod.Dir, "pom.xml")+": the jar name (build.finalName, or artifactId-version)", "set build.finalName to letters, digits and ._@+-")
	mp.JarName = jar
	mp.Jar = modDir.Join(mustPath("target")).Join(jar.Path())
	heap := "-XX:MaxRAMPercentage=75.0"
	switch mod.Kind {
	case "spring-boot":
		bootLayout(pl, mp, mod, heap)
		// Repackaging a jar with no classes fails: there is no main class.
		depGoals = append(depGoals, []string{"-Dspring-boot.repackage.skip=true"})
	case "quarkus":
		mp.Layout = LayoutQuarkus
		mp.entry = []string{"java", heap, "-jar", "quarkus-run.jar"}
		pl.decide("layout", "Quarkus fast-jar", mod.KindEvidence)
	case "jar":
		if mod.Packaging == "war" {
			return warError(mod)
		}
		mp.Layout = LayoutJar
		if mod.HasDependencies && !mod.Assembly && !mod.Shaded {
			// A thin jar: its runtime dependencies go beside it in lib/.
			if !javaClassRE.MatchString(mod.MainClass) {
				return fmt.Errorf("%s: mainClass %s is not a Java class name such as com.example.App; fix it in the pom", path.Join(mod.Dir, "pom.xml"), dfvalue.Quote(mod.MainClass))
			}
			mp.MainClass, mp.Lib = mod.MainClass, new(modDir.Join(mustPath("target/lib")))
			copyDeps := []string{"org.apache.maven.plugins:maven-dependency-plugin:" + MavenDependencyPlugin + ":copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=target/lib"}
			mp.Package = mp.Package.And(pl.command("the dependency copy", mvnArgs(profile, slices.DeleteFunc(slices.Clone(reactor), func(s string) bool { return s == "-am" }), copyDeps)...))
			depGoals = append(depGoals, copyDeps)
			mp.entry = []string{"java", heap, "-cp", mp.JarName.String() + ":lib/*", mp.MainClass}
		} else {
			mp.entry = []string{"java", heap, "-jar", mp.JarName.String()}
		}
		pl.decide("layout", "executable jar", mod.KindEvidence)
	default:
		if mod.Packaging == "war" {
			return warError(mod)
		}
		fix := ", or pass --module"
		if a.String("module") != "" {
			fix = "; --module " + a.String("module") + " names it, so choose a runnable module instead"
		}
		return fmt.Errorf("%s is not runnable: add the spring-boot-maven-plugin, or a <mainClass> to the jar, shade or assembly plugin%s", path.Join(mod.Dir, "pom.xml"), fix)
	}

	mp.ResolveDeps = pl.command("the dependency download", mvnArgs(depGoals...)...).
		And(dfvalue.MustCommand("find", ".", "-name", "target", "-type", "d", "-prune", "-exec", "rm", "-rf", "{}", "+"))

	if rt.Key == "maven.runtime.jlink" {
		mp.JLink = true
		if mp.JLinkModules, err = dfvalue.NewWord(strings.Join(JLinkModules(), ",")); err != nil {
			return err
		}
		if mp.JavaHome, err = dfvalue.NewWord("/opt/java/openjdk"); err != nil {
			return err
		}
	}
	if rt.Key == "maven.runtime.distroless" || rt.Key == "maven.runtime.jlink" {
		pl.UID, pl.GID = distrolessNonroot, distrolessNonroot
		pl.decide("user", fmt.Sprintf("%d:%d", pl.UID, pl.GID), "the nonroot user of the distroless runtime")
	} else {
		mp.CreateUser = true
		pl.UID, pl.GID = javaUser, javaUser
		pl.decide("user", fmt.Sprintf("%d:%d", javaUser, javaUser), "a fixed system user created in the runtime stage")
	}
	pl.choosePort(a.Int("port"), []portFound{{mod.Port, mod.PortEvidence}},
		defaultPort, "default for Spring Boot, Quarkus and most Java servers; pass --port if it listens elsewhere")
	pl.decide("runtime", pl.RuntimeImage.String(), rtSource)
	if err := javaServerPlan(pl, mp, mod); err != nil {
		return err
	}
	if a.Bool("cds") {
		if err := javaCDS(pl, mp, mod); err != nil {
			return err
		}
	}
	mp.Entrypoint = pl.exec("the entrypoint", mp.entry...)

	mp.POMs = mavenPOMs(pl, m)
	pl.setLabel("org.opencontainers.image.title", dfvalue.NewComment(pl.title).String())
	if mod.Version != "" {
		pl.setLabel("org.opencontainers.image.version", dfvalue.NewComment(mod.Version).String())
	}
	pl.Ignore = mavenIgnore(p, pl.Files)
	return nil
}

// The files the training run writes in /app: a CDS archive, or from Java
// 25 on the JDK's AOT cache.
const (
	cdsArchive = "app.jsa"
	aotCache   = "app.aot"
)

// aotJava is the first Java release whose JDK makes an AOT cache in one
// training run (-XX:AOTCacheOutput, JEP 514).
const aotJava = 25

// javaCDS adds Spring Boot's training run (--cds): at build time the app
// starts until its context is refreshed and exits, the JVM writes what it
// loaded, and the entrypoint maps it. Only Spring Boot 3.3+ (the
// jarmode=tools layout) has the exit switch. From Java 25 the JVM writes
// an AOT cache, which holds the classes loaded and linked and the method
// profiles of the run (JEP 483, 514, 515), where a CDS archive holds them
// only parsed, so the app starts faster still.
func javaCDS(pl *Plan, mp *MavenPlan, mod *detect.MavenModule) error {
	if mp.Layout != LayoutBootTools {
		return fmt.Errorf("%w: --cds needs Spring Boot 3.3 or later, extracted with its layer tools; %s is not (see the layout line of the header); drop --cds", ErrInvalid, path.Join(mod.Dir, "pom.xml"))
	}
	write, read, what := "-XX:ArchiveClassesAtExit="+cdsArchive, "-XX:SharedArchiveFile="+cdsArchive, "a CDS archive ("+cdsArchive+")"
	why := "--cds: "
	if v, err := strconv.Atoi(mp.JavaVersion); err == nil && v >= aotJava {
		write, read, what = "-XX:AOTCacheOutput="+aotCache, "-XX:AOTCache="+aotCache, "the JDK's AOT cache ("+aotCache+")"
		why = fmt.Sprintf("--cds on Java %d: the AOT cache keeps the classes loaded and linked, not only parsed as a CDS archive does; ", v)
	}
	train := []string{"java", write, "-Dspring.context.exit=onRefresh"}
	train = append(train, mp.entry[1:]...)
	t := pl.exec("the training run", train...)
	mp.Training = &t
	mp.entry = append([]string{mp.entry[0], read}, mp.entry[1:]...)
	pl.decide("startup", what+" from a training run at build time", why+"the app starts once during the build, up to its context refresh, so it must start without its database or secrets; the run repeats on every rebuild")
	return nil
}

// mavenToolchains is where the build stage writes its toolchains.xml.
const mavenToolchains = "/etc/maven-toolchains.xml"

// javaArgRE is a program argument dockerize passes as it is: a word or a
// relative path, no shell or option syntax.
var javaArgRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._/-]*$`)

// javaServerPlan applies what detection read of the module's server: the
// program arguments it starts with (Dropwizard's `server config.yml`), the
// files it reads from its working directory, and a loopback bind, which an
// environment variable overrides or the header and stderr warn about.
func javaServerPlan(pl *Plan, mp *MavenPlan, mod *detect.MavenModule) error {
	s := mod.Server
	if len(s.Args) > 0 {
		for _, arg := range s.Args {
			if !javaArgRE.MatchString(arg) || strings.Contains(arg, "..") {
				return fmt.Errorf("%s: the start argument %q is not a plain word or relative path; pass the command yourself with docker run", s.ArgsEvidence, arg)
			}
		}
		mp.entry = append(mp.entry, s.Args...)
		pl.decide("start arguments", strings.Join(s.Args, " "), s.ArgsEvidence)
	}
	for _, f := range s.Files {
		if !pl.copyFile(f.Path, f.At, f.Evidence) {
			return fmt.Errorf("%s: %s is not a plain relative path, so dockerize does not copy it; rename it or copy it yourself", f.Evidence, f.Path)
		}
		if isSecretFile(f.Path) {
			pl.decide("warning", f.At+" is a key or credential file and is copied into the image because the app's configuration names it", f.Evidence+": mount your own at run time (docker run -v) rather than ship this one")
		}
	}
	if s.Loopback == "" {
		return nil
	}
	if s.LoopbackEnv != "" {
		return pl.setEnv(s.LoopbackEnv, s.LoopbackValue, s.Loopback+" binds a loopback address, unreachable from outside the container; "+s.LoopbackEnv+" overrides it")
	}
	pl.decide("warning", "the app binds a loopback address and will not answer from outside the container", s.Loopback+": change it to 0.0.0.0 (all interfaces)")
	return nil
}

// javaLine chooses the Temurin line that builds and runs code for Java
// release v: v itself when it is a supported long-term release, else the
// nearest supported one above it (a JDK compiles for older releases with
// --release, and a JRE runs older class files); a release newer than the
// table is taken as written.
func javaLine(v string) (string, string) {
	n, err := strconv.Atoi(v)
	lts := release.JavaLTS()
	asOf := " (release table of " + release.AsOf + ")"
	if err != nil || len(lts) == 0 {
		return v, "taken as written"
	}
	if n > lts[len(lts)-1] {
		return v, "newer than the newest long-term release of the release table of " + release.AsOf + ", taken as written"
	}
	for _, l := range lts {
		switch {
		case l == n:
			return v, "a long-term release Temurin supports" + asOf
		case l > n && n < lts[0]:
			return strconv.Itoa(l), fmt.Sprintf("Java %d has no supported Temurin image: Java %d, the oldest supported long-term release, builds and runs it%s", n, l, asOf)
		case l > n:
			return strconv.Itoa(l), fmt.Sprintf("Java %d is not a long-term release and has no supported Temurin image: the next long-term release, Java %d, builds and runs it%s", n, l, asOf)
		}
	}
	return v, "taken as written"
}

func warError(mod *detect.MavenModule) error {
	return fmt.Errorf("%s packages a war, which needs a servlet container (Tomcat, Jetty) that dockerize does not choose for you; make it an executable Spring Boot war (spring-boot-maven-plugin) or package a jar", path.Join(mod.Dir, "pom.xml"))
}

func moduleSource(a Answers) string {
	if a.String("module") != "" {
		return "--module"
	}
	return "the only runnable module"
}

// chooseModule picks the module to run: --module, else the root when it is
// runnable, else the only runnable module.
func chooseModule(m *detect.MavenProject, a Answers) (*detect.MavenModule, error) {
	all := append([]detect.MavenModule{m.Root}, m.Modules...)
	var dirs []string
	for _, mod := range m.Modules {
		dirs = append(dirs, mod.Dir)
	}
	if a.String("module") != "" {
		want := path.Clean(strings.TrimPrefix(a.String("module"), "./"))
		for i := range all {
			if all[i].Dir == want || all[i].ArtifactID == a.String("module") {
				return &all[i], nil
			}
		}
		return nil, fmt.Errorf("%w: --module %s is not a module of this build; use one of: %s", ErrInvalid, a.String("module"), strings.Join(dirs, ", "))
	}
	if m.Root.Packaging != "pom" {
		return &all[0], nil
	}
	var runnable []string
	var only *detect.MavenModule
	for i := range m.Modules {
		if m.Modules[i].Kind != "" {
			runnable = append(runnable, m.Modules[i].Dir)
			only = &m.Modules[i]
		}
	}
	switch len(runnable) {
	case 1:
		return only, nil
	case 0:
		return nil, fmt.Errorf("no runnable module among %s: none has the spring-boot-maven-plugin or a <mainClass>; add one to the module to run, or pass --module", strings.Join(dirs, ", "))
	}
	return nil, &MissingError{
		Question: preset(mavenQuestions(), "module", runnable[0], runnable...),
		Reason:   "several runnable modules",
	}
}

// versionAtLeast compares a Maven version's major.minor.
func versionAtLeast(v string, major, minor int) bool {
	var ma, mi int
	fmt.Sscanf(v, "%d.%d", &ma, &mi)
	return ma > major || (ma == major && mi >= minor)
}

// mavenPOMs lists every pom.xml of the reactor, each into its directory.
func mavenPOMs(pl *Plan, m *detect.MavenProject) []Copy {
	copies := []Copy{{Sources: dfvalue.Paths{mustPath("pom.xml")}, Dest: mustPath(".").DirDest()}}
	for _, mod := range m.Modules {
		what, fix := "the module directory "+dfvalue.Quote(mod.Dir)+" (a <module> of the parent pom)", "rename it to letters, digits and ._@+-"
		copies = append(copies, Copy{Sources: pl.paths(what, fix, path.Join(mod.Dir, "pom.xml")), Dest: pl.path(mod.Dir, what, fix).DirDest()})
	}
	return copies
}

func mavenIgnore(p *detect.Project, files []FileCopy) IgnoreFile {
	f := IgnoreFile{Sections: commonIgnore()}
	f.Sections = append(f.Sections, IgnoreSection{"Build output and IDE files", []string{
		"**/target", "**/build", ".gradle", "**/*.iml", ".classpath", ".project", ".settings", "**/.factorypath", "**/HELP.md",
	}})
	needed := append([]string{"pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties"}, p.Maven().MavenConfig...)
	needed = append(needed, p.Maven().Root.Sources...)
	for _, mod := range p.Maven().Modules {
		needed = append(needed, path.Join(mod.Dir, "pom.xml"))
		needed = append(needed, mod.Sources...)
	}
	for _, f := range files {
		needed = append(needed, f.Src.String())
	}
	finishIgnore(&f, p.Gitignore, needed)
	return f
}

// mavenOffer lists what a user may still change about a Java/Maven plan.
func mavenOffer(pl *Plan) []Question {
	return []Question{preset(mavenQuestions(), "java-version", pl.Maven().JavaVersion), portQuestion(pl)}
}
