package detect

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

// Maven is the Java/Maven stack.
const Maven Stack = "maven"

// Maven returns what Java/Maven detection found, or nil when the project is not one.
func (p *Project) Maven() *MavenProject { return detailOf[MavenProject](p, Maven) }

// maxPOMSize bounds how much of a pom.xml is read: real poms are kilobytes.
const maxPOMSize = 4 << 20

// MavenProject is what detection found in a Maven build.
type MavenProject struct {
	// Wrapper is true when mvnw and .mvn/wrapper/maven-wrapper.properties
	// are both committed.
	Wrapper         bool   `json:"wrapper"`
	WrapperEvidence string `json:"wrapperEvidence,omitempty"`
	// MavenConfig lists the files in .mvn that change how Maven runs
	// (maven.config, jvm.config, extensions.xml): the build copies .mvn
	// before resolving dependencies when there are any, wrapper or not.
	MavenConfig []string `json:"mavenConfig,omitempty"`
	// Gradle is true when a build.gradle sits next to pom.xml.
	Gradle bool `json:"gradle,omitempty"`
	// Root is the top pom; Modules are the reactor's modules (nested ones
	// included), each with its own facts.
	Root    MavenModule   `json:"root"`
	Modules []MavenModule `json:"modules,omitempty"`
}

// MavenModule is one pom.xml and what it says.
type MavenModule struct {
	Dir        string `json:"dir"`
	GroupID    string `json:"groupId,omitempty"`
	ArtifactID string `json:"artifactId"`
	Version    string `json:"version,omitempty"`
	Packaging  string `json:"packaging"`
	// JarName is the file package writes in target/, e.g. app-1.0.jar.
	JarName string `json:"jarName,omitempty"`
	// JavaVersion is the release the pom compiles for ("17"), with evidence;
	// JavaProblem says why it could not be told when it is empty.
	JavaVersion         string `json:"javaVersion,omitempty"`
	JavaVersionEvidence string `json:"javaVersionEvidence,omitempty"`
	JavaProblem         string `json:"javaProblem,omitempty"`
	// Toolchain is the JDK version maven-toolchains-plugin asks for (the
	// lower bound of a range), with evidence: the build finds that JDK
	// only through a toolchains.xml.
	Toolchain         string `json:"toolchain,omitempty"`
	ToolchainEvidence string `json:"toolchainEvidence,omitempty"`
	Parent            string `json:"parent,omitempty"` // groupId:artifactId:version
	// ParentInRepo is true when the parent pom is part of this repository.
	ParentInRepo bool `json:"parentInRepo,omitempty"`
	// Kind is spring-boot, quarkus, jar (an executable jar: Main-Class
	// from the jar, shade or assembly plugin) or "" (not runnable).
	Kind         string `json:"kind,omitempty"`
	KindEvidence string `json:"kindEvidence,omitempty"`
	// BootVersion is the Spring Boot version, from the parent, the plugin
	// or the spring-boot-dependencies BOM; BootVersionEvidence says which,
	// or why it is unknown.
	BootVersion         string `json:"bootVersion,omitempty"`
	BootVersionEvidence string `json:"bootVersionEvidence,omitempty"`
	// BootLayout is the plugin's <layout> (JAR, WAR, ZIP...), upper case,
	// when set; BootLayers its <layers><enabled>, when set.
	BootLayout string `json:"bootLayout,omitempty"`
	BootLayers string `json:"bootLayers,omitempty"`
	MainClass  string `json:"mainClass,omitempty"`
	// Shaded is true when the runnable jar comes from the shade plugin.
	Shaded bool `json:"shaded,omitempty"`
	// JarSuffix is the classifier part of the runnable jar's name, e.g.
	// "-jar-with-dependencies", "-shaded" or Boot's "-exec".
	JarSuffix string `json:"jarSuffix,omitempty"`
	// Assembly is true when the runnable jar comes from the assembly
	// plugin's jar-with-dependencies.
	Assembly bool `json:"assembly,omitempty"`
	// HasDependencies is true when the module has runtime dependencies.
	HasDependencies bool   `json:"hasDependencies,omitempty"`
	Port            int    `json:"port,omitempty"`
	PortEvidence    string `json:"portEvidence,omitempty"`
	// Modules are the pom's <modules>, as directories from the root.
	Modules []string `json:"modules,omitempty"`
	// Profile is the profile these facts are read with (-P), "" for
	// none; ProfileEvidence says why it is chosen. Profiles are the ids
	// its poms declare; ActiveProfiles say which are active and why.
	Profile         string   `json:"profile,omitempty"`
	ProfileEvidence string   `json:"profileEvidence,omitempty"`
	Profiles        []string `json:"profiles,omitempty"`
	ActiveProfiles  []string `json:"activeProfiles,omitempty"`
	// Server is what the module's own code and config say about how it
	// serves: framework, bind address, command-line arguments, files read
	// at run time.
	Server JavaServer `json:"server"`
	// variants are the module read under each choice of profile.
	variants map[string]*MavenModule
	// Sources are the files under the module's src/, which the build
	// compiles or packages.
	Sources []string `json:"-"`
	// Dependencies are the runtime dependencies the pom declares, as
	// groupId:artifactId.
	Dependencies []string `json:"-"`
}

type pomXML struct {
	Parent *struct {
		GroupID      string  `xml:"groupId"`
		ArtifactID   string  `xml:"artifactId"`
		Version      string  `xml:"version"`
		RelativePath *string `xml:"relativePath"`
	} `xml:"parent"`
	GroupID    string     `xml:"groupId"`
	ArtifactID string     `xml:"artifactId"`
	Version    string     `xml:"version"`
	Packaging  string     `xml:"packaging"`
	Properties properties `xml:"properties"`
	Modules    []string   `xml:"modules>module"`
	Deps       []struct {
		GroupID    string `xml:"groupId"`
		ArtifactID string `xml:"artifactId"`
		Version    string `xml:"version"`
		Scope      string `xml:"scope"`
		Type       string `xml:"type"`
	} `xml:"dependencies>dependency"`
	ManagedDeps []struct {
		GroupID    string `xml:"groupId"`
		ArtifactID string `xml:"artifactId"`
		Version    string `xml:"version"`
		Scope      string `xml:"scope"`
	} `xml:"dependencyManagement>dependencies>dependency"`
	Build    pomBuild  `xml:"build"`
	Profiles []profile `xml:"profiles>profile"`
	// data is the pom's text, to name the line of what it declares.
	data []byte
}

type pomBuild struct {
	FinalName string   `xml:"finalName"`
	Plugins   []plugin `xml:"plugins>plugin"`
	// Managed are the <pluginManagement> plugins: their configuration
	// applies to the same plugins declared, or bound by default.
	Managed []plugin `xml:"pluginManagement>plugins>plugin"`
}

// profile is one <profile> of a pom.
type profile struct {
	ID         string `xml:"id"`
	Activation struct {
		ActiveByDefault string `xml:"activeByDefault"`
		File            struct {
			Exists  string `xml:"exists"`
			Missing string `xml:"missing"`
		} `xml:"file"`
		Property *struct {
			Name  string `xml:"name"`
			Value string `xml:"value"`
		} `xml:"property"`
	} `xml:"activation"`
	Properties properties `xml:"properties"`
	Build      pomBuild   `xml:"build"`
}

type plugin struct {
	GroupID    string       `xml:"groupId"`
	ArtifactID string       `xml:"artifactId"`
	Version    string       `xml:"version"`
	Inherited  string       `xml:"inherited"`
	Config     pluginConfig `xml:"configuration"`
	Executions []struct {
		Config pluginConfig `xml:"configuration"`
	} `xml:"executions>execution"`
	// more are the configurations the plugin also takes, after its own:
	// the same plugin in parents, active profiles and pluginManagement.
	more []pluginConfig
}

// pluginConfig holds the few <configuration> elements dockerize reads, from
// whichever plugin carries them; unknown elements are skipped by the decoder.
type pluginConfig struct {
	// spring-boot-maven-plugin: the main class, the launcher layout (JAR,
	// WAR, ZIP...), a classifier that renames the repackaged jar, layers.
	MainClass  string `xml:"mainClass"`
	Layout     string `xml:"layout"`
	Classifier string `xml:"classifier"`
	Layers     struct {
		Enabled string `xml:"enabled"`
	} `xml:"layers"`
	// maven-compiler-plugin
	Release string `xml:"release"`
	Source  string `xml:"source"`
	Target  string `xml:"target"`
	// maven-jar-plugin and maven-assembly-plugin
	Archive struct {
		Manifest struct {
			MainClass string `xml:"mainClass"`
		} `xml:"manifest"`
	} `xml:"archive"`
	DescriptorRefs   []string `xml:"descriptorRefs>descriptorRef"`
	AppendAssemblyID string   `xml:"appendAssemblyId"`
	// maven-shade-plugin
	Transformers []struct {
		MainClass string `xml:"mainClass"`
	} `xml:"transformers>transformer"`
	// maven-toolchains-plugin
	ToolchainJDK           string `xml:"toolchains>jdk>version"`
	ShadedArtifactAttached string `xml:"shadedArtifactAttached"`
	ShadedClassifierName   string `xml:"shadedClassifierName"`
}

// configs returns the plugin's configuration and its executions', plugin
// level first.
func (p *plugin) configs() []pluginConfig {
	out := []pluginConfig{p.Config}
	for _, e := range p.Executions {
		out = append(out, e.Config)
	}
	return append(out, p.more...)
}

// first returns the first non-empty value get finds in the plugin's
// configurations, trimmed.
func (p *plugin) first(get func(c *pluginConfig) string) string {
	for _, c := range p.configs() {
		if v := strings.TrimSpace(get(&c)); v != "" {
			return v
		}
	}
	return ""
}

// properties collects <properties> children into a map.
type properties map[string]string

func (p *properties) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	*p = properties{}
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var v string
			if err := d.DecodeElement(&v, &t); err != nil {
				return err
			}
			(*p)[t.Name.Local] = strings.TrimSpace(v)
		case xml.EndElement:
			return nil
		}
	}
}

// ErrUnsafePOM is returned for a pom.xml with a DOCTYPE: entity
// declarations are never expanded, so such a pom is refused outright.
var ErrUnsafePOM = errors.New("pom.xml declares a DOCTYPE")

// readPOM parses a pom.xml safely: bounded in size, no DOCTYPE, and a syntax
// error names the line.
func readPOM(fsys fs.FS, name string) (*pomXML, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPOMSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > maxPOMSize {
		return nil, fmt.Errorf("%s is larger than %d MiB; dockerize reads poms up to that size", name, maxPOMSize>>20)
	}
	// A first pass over the tokens refuses DOCTYPEs before any decoding.
	d := pomDecoder(data)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, pomSyntaxError(name, err)
		}
		if dir, ok := tok.(xml.Directive); ok && strings.HasPrefix(strings.ToUpper(strings.TrimSpace(string(dir))), "DOCTYPE") {
			line, _ := d.InputPos()
			return nil, fmt.Errorf("%w (%s:%d): dockerize never expands XML entities and refuses such poms; remove the DOCTYPE (Maven does not need one)", ErrUnsafePOM, name, line)
		}
	}
	var pom pomXML
	d = pomDecoder(data)
	if err := d.Decode(&pom); err != nil {
		return nil, pomSyntaxError(name, err)
	}
	pom.data = data
	return &pom, nil
}

// pomDecoder reads a pom in the encoding its XML declaration names
// (ISO-8859-1 and windows-1252 are common in older poms, and Maven reads
// them), UTF-8 when it names none.
func pomDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset.NewReaderLabel
	return d
}

func pomSyntaxError(name string, err error) error {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("%s:%d: %s; fix the XML (mvn validate reports the same) and run dockerize again", name, syn.Line, syn.Msg)
	}
	return fmt.Errorf("%s: %w; fix the XML and run dockerize again", name, err)
}

// DetectMaven recognises a Maven build (pom.xml).
func DetectMaven(fsys fs.FS, p *Project) (string, error) {
	if !exists(fsys, "pom.xml") {
		return "", nil
	}
	m := &MavenProject{}
	if exists(fsys, "mvnw") && exists(fsys, ".mvn/wrapper/maven-wrapper.properties") {
		m.Wrapper, m.WrapperEvidence = true, "mvnw and .mvn/wrapper/maven-wrapper.properties"
	} else if exists(fsys, "mvnw") {
		m.WrapperEvidence = "mvnw without .mvn/wrapper/maven-wrapper.properties: not used"
	}
	m.Gradle = exists(fsys, "build.gradle") || exists(fsys, "build.gradle.kts")
	for _, f := range []string{".mvn/maven.config", ".mvn/jvm.config", ".mvn/extensions.xml"} {
		if exists(fsys, f) {
			m.MavenConfig = append(m.MavenConfig, f)
		}
	}
	poms := map[string]*pomXML{}
	root, err := readModuleTree(fsys, ".", poms, 0)
	if err != nil {
		return "", err
	}
	if m.Root, err = mavenModule(fsys, ".", poms); err != nil {
		return "", err
	}
	for _, dir := range root {
		if dir != "." {
			mod, err := mavenModule(fsys, dir, poms)
			if err != nil {
				return "", err
			}
			m.Modules = append(m.Modules, mod)
		}
	}
	p.setDetail(Maven, m)
	if m.Gradle {
		p.add("build tool", "maven", "pom.xml and build.gradle: dockerize uses Maven (pom.xml)")
	}
	if m.WrapperEvidence != "" {
		p.add("maven wrapper", strconv.FormatBool(m.Wrapper), m.WrapperEvidence)
	}
	if len(m.MavenConfig) > 0 {
		p.add("maven config", ".mvn", strings.Join(m.MavenConfig, ", ")+": copied before the dependency step")
	}
	for _, mod := range append([]MavenModule{m.Root}, m.Modules...) {
		prefix := ""
		if mod.Dir != "." {
			prefix = mod.Dir + ": "
		}
		p.add("artifact", prefix+mod.ArtifactID+" ("+mod.Packaging+")", path.Join(mod.Dir, "pom.xml"))
		if mod.JavaVersion != "" {
			p.add("java version", prefix+mod.JavaVersion, mod.JavaVersionEvidence)
		} else if mod.JavaProblem != "" && mod.Packaging != "pom" {
			p.add("java version", prefix+"unknown", mod.JavaProblem)
		}
		switch {
		case mod.Kind != "":
			p.add("runnable", prefix+mod.Kind, mod.KindEvidence)
		case mod.KindEvidence != "":
			p.add("runnable", prefix+"no", mod.KindEvidence)
		}
		if mod.Kind == "spring-boot" {
			v := mod.BootVersion
			if v == "" {
				v = "unknown"
			}
			p.add("spring boot", prefix+v, mod.BootVersionEvidence)
		}
		if mod.Profile != "" {
			p.add("maven profile", prefix+mod.Profile, mod.ProfileEvidence)
		}
		if mod.Port != 0 {
			p.add("port", fmt.Sprintf("%s%d", prefix, mod.Port), mod.PortEvidence)
		}
		if mod.Server.Framework == "dropwizard" {
			p.add("start", prefix+strings.Join(mod.Server.Args, " "), mod.Server.ArgsEvidence)
		}
		if mod.Server.Loopback != "" {
			p.add("loopback bind", prefix+mod.Server.Loopback, cmp.Or(mod.Server.LoopbackEnv, "no environment override"))
		}
	}
	return "pom.xml", nil
}

// readModuleTree reads dir's pom and its modules' poms, depth first, and
// returns the module directories in reactor order.
func readModuleTree(fsys fs.FS, dir string, poms map[string]*pomXML, depth int) ([]string, error) {
	if depth > 10 {
		return nil, fmt.Errorf("%s: modules nest more than 10 deep; is a <module> pointing back up?", dir)
	}
	name := path.Join(dir, "pom.xml")
	pom, err := readPOM(fsys, name)
	if err != nil {
		return nil, err
	}
	poms[dir] = pom
	dirs := []string{dir}
	for _, mod := range pom.Modules {
		child := path.Clean(path.Join(dir, strings.TrimSuffix(mod, "/pom.xml")))
		if !fs.ValidPath(child) {
			return nil, fmt.Errorf("%s: module %s is outside the project", name, mod)
		}
		if _, seen := poms[child]; seen {
			continue
		}
		ok, err := present(fsys, path.Join(child, "pom.xml"))
		if err != nil {
			return nil, fmt.Errorf("%s: module %s: %w", name, mod, err)
		}
		if !ok {
			return nil, fmt.Errorf("%s: module %s has no pom.xml", name, mod)
		}
		sub, err := readModuleTree(fsys, child, poms, depth+1)
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, sub...)
	}
	return dirs, nil
}

// chain returns the module's pom and its parents that are in the repository,
// nearest first, with their directories, and whether the last parent lies
// outside it. Parents that lead back to a pom already in the chain are an
// error, as in Maven.
func chain(dir string, poms map[string]*pomXML) ([]*pomXML, []string, bool, error) {
	var out []*pomXML
	var dirs []string
	seen := []string{path.Join(dir, "pom.xml")}
	cur := dir
	for {
		pom := poms[cur]
		out, dirs = append(out, pom), append(dirs, cur)
		if pom.Parent == nil {
			return out, dirs, false, nil
		}
		rel := "../pom.xml"
		if pom.Parent.RelativePath != nil {
			rel = *pom.Parent.RelativePath
		}
		if rel == "" {
			return out, dirs, true, nil
		}
		parentDir := path.Clean(path.Join(cur, strings.TrimSuffix(strings.TrimSuffix(rel, "pom.xml"), "/")))
		ppom, ok := poms[parentDir]
		if !ok || ppom.ArtifactID != pom.Parent.ArtifactID {
			return out, dirs, true, nil
		}
		name := path.Join(parentDir, "pom.xml")
		if slices.Contains(seen, name) {
			return nil, nil, false, fmt.Errorf("the <parent> poms form a cycle (%s -> %s), which Maven refuses too; fix the <parent> (or its <relativePath>) so the chain ends", strings.Join(seen, " -> "), name)
		}
		seen = append(seen, name)
		cur = parentDir
	}
}

// Bounds on ${} expansion. Maven refuses a property cycle; the bounds keep
// a crafted pom whose properties multiply at every level (a "billion
// laughs" of ${}) from taking the machine's memory.
const (
	maxExpandDepth = 16
	maxExpanded    = 64 << 10
)

// resolver expands ${...} with the properties of a pom and its in-repo
// parents, plus project.* values. A cycle or a bound crossed is fatal: the
// first is kept in fatal and ends detection.
type resolver struct {
	props map[string]string
	memo  map[string]expansion
	fatal *error
}

type expansion struct {
	value string
	ok    bool
}

func newResolver(poms []*pomXML, active []activeProfile) resolver {
	r := resolver{props: map[string]string{}, memo: map[string]expansion{}, fatal: new(error)}
	for i := len(poms) - 1; i >= 0; i-- { // farthest parent first, nearest wins
		pom := poms[i]
		for k, v := range pom.Properties {
			r.props[k] = v
		}
		for _, a := range active { // a profile's properties win over its pom's
			if a.pom == pom {
				for k, v := range a.p.Properties {
					r.props[k] = v
				}
			}
		}
		if pom.Parent != nil {
			r.props["project.parent.version"] = pom.Parent.Version
			r.props["project.version"] = pom.Parent.Version
			r.props["project.groupId"] = pom.Parent.GroupID
		}
		if pom.Version != "" {
			r.props["project.version"] = pom.Version
		}
		if pom.GroupID != "" {
			r.props["project.groupId"] = pom.GroupID
		}
		r.props["project.artifactId"] = pom.ArtifactID
	}
	return r
}

// expand resolves references; ok is false when one stays unresolved, or
// when expansion failed (see fatal).
func (r resolver) expand(s string) (string, bool) {
	if *r.fatal != nil {
		return s, false
	}
	out, ok, err := r.text(s, nil)
	if err != nil {
		*r.fatal = err
		return s, false
	}
	return out, ok
}

// text expands the references in s; stack holds the properties being
// expanded, outermost first.
func (r resolver) text(s string, stack []string) (string, bool, error) {
	var b strings.Builder
	ok := true
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+2:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		v, vok, err := r.property(s[i+2:i+2+j], stack)
		if err != nil {
			return "", false, err
		}
		ok = ok && vok
		b.WriteString(v)
		if b.Len() > maxExpanded {
			return "", false, fmt.Errorf("${%s} expands to more than %d KiB; Maven values are short, so fix the <properties> it is built from", strings.Join(append(stack, s[i+2:i+2+j]), "} -> ${"), maxExpanded>>10)
		}
		s = s[i+3+j:]
	}
	b.WriteString(s)
	if b.Len() > maxExpanded {
		return "", false, fmt.Errorf("a value expands to more than %d KiB; fix the <properties> it is built from", maxExpanded>>10)
	}
	return b.String(), ok, nil
}

// property returns the expanded value of one property, once per resolver.
func (r resolver) property(name string, stack []string) (string, bool, error) {
	if e, done := r.memo[name]; done {
		return e.value, e.ok, nil
	}
	raw, found := r.props[name]
	if name == "" || !found {
		return "${" + name + "}", false, nil
	}
	if i := slices.Index(stack, name); i >= 0 {
		return "", false, fmt.Errorf("property %s refers to itself (%s), which Maven refuses too; fix the <properties>", name, strings.Join(append(stack[i:], name), " -> "))
	}
	if len(stack) >= maxExpandDepth {
		return "", false, fmt.Errorf("property %s nests ${} more than %d deep (%s); fix the <properties>", stack[0], maxExpandDepth, strings.Join(stack, " -> "))
	}
	v, ok, err := r.text(raw, append(stack[:len(stack):len(stack)], name))
	if err != nil {
		return "", false, err
	}
	r.memo[name] = expansion{v, ok}
	return v, ok, nil
}

// mavenModule reads one module as Maven builds it by default for
// deployment: with the deployment profile (prod, production) when its poms
// declare one, else with the profiles Maven activates by itself. The
// module keeps how it reads under every other choice of profile, for
// --maven-profile.
func mavenModule(fsys fs.FS, dir string, poms map[string]*pomXML) (MavenModule, error) {
	parents, dirs, _, err := chain(dir, poms)
	if err != nil {
		return MavenModule{}, fmt.Errorf("%s: %w", path.Join(dir, "pom.xml"), err)
	}
	var ids []string
	deploy, deployWhy := "", ""
	for i, pom := range parents {
		for _, pr := range pom.Profiles {
			id := strings.TrimSpace(pr.ID)
			if id == "" || slices.Contains(ids, id) {
				continue
			}
			ids = append(ids, id)
			if deploy == "" && deployProfile(id) {
				deploy = id
				deployWhy = fmt.Sprintf("%s:%d: profile %s, the deployment build", path.Join(dirs[i], "pom.xml"), profileLine(pom, id), id)
			}
		}
	}
	src := scanSources(fsys, dir)
	variants := map[string]*MavenModule{}
	for _, id := range append([]string{""}, ids...) {
		v, err := evalModule(fsys, dir, poms, id, src)
		if err != nil {
			return MavenModule{}, err
		}
		v.Profiles = ids
		variants[id] = &v
	}
	mod := *variants[deploy]
	if deploy != "" {
		mod.ProfileEvidence = deployWhy
	}
	mod.variants = variants
	return mod, nil
}

// deployProfile reports a profile id that by convention names the build
// meant for deployment.
func deployProfile(id string) bool {
	switch strings.ToLower(id) {
	case "prod", "production":
		return true
	}
	return false
}

// WithProfile returns the module as Maven builds it with -P id ("" for no
// -P at all: only the profiles Maven activates by itself); ok is false when
// no pom of the module declares the profile.
func (m *MavenModule) WithProfile(id string) (MavenModule, bool) {
	v, ok := m.variants[id]
	if !ok {
		return MavenModule{}, false
	}
	out := *v
	out.variants = m.variants
	return out, true
}

// evalModule reads the module with the profile selected (-P), or none.
func evalModule(fsys fs.FS, dir string, poms map[string]*pomXML, selected string, src sources) (MavenModule, error) {
	pom := poms[dir]
	parents, dirs, outside, err := chain(dir, poms)
	if err != nil {
		return MavenModule{}, fmt.Errorf("%s: %w", path.Join(dir, "pom.xml"), err)
	}
	active := activeProfiles(fsys, dir, parents, dirs, selected)
	r := newResolver(parents, active)
	mod := MavenModule{Dir: dir, ArtifactID: pom.ArtifactID, Packaging: pom.Packaging, Modules: nil, Profile: selected}
	if selected != "" {
		mod.ProfileEvidence = "--maven-profile " + selected
	}
	for _, a := range active {
		mod.ActiveProfiles = append(mod.ActiveProfiles, a.why)
	}
	mod.GroupID, _ = r.expand(r.props["project.groupId"])
	mod.Version, _ = r.expand(r.props["project.version"])
	if mod.Packaging == "" {
		mod.Packaging = "jar"
	}
	plugins := effectivePlugins(parents, active, mod.Packaging, r)
	for _, m := range pom.Modules {
		mod.Modules = append(mod.Modules, path.Clean(path.Join(dir, strings.TrimSuffix(m, "/pom.xml"))))
	}
	if pom.Parent != nil {
		mod.Parent = pom.Parent.GroupID + ":" + pom.Parent.ArtifactID + ":" + pom.Parent.Version
		mod.ParentInRepo = len(parents) > 1
	}
	top := parents[len(parents)-1]
	bootParent := top.Parent != nil && top.Parent.GroupID == "org.springframework.boot" && top.Parent.ArtifactID == "spring-boot-starter-parent"
	runnable(&mod, pom, plugins, top, bootParent, r)
	for _, d := range pom.Deps {
		if d.Scope != "test" && d.Scope != "provided" && d.Scope != "import" {
			mod.HasDependencies = true
			mod.Dependencies = append(mod.Dependencies, d.GroupID+":"+d.ArtifactID)
		}
	}

	// The jar name: build.finalName, else artifactId-version, plus the
	// classifier of the plugin that makes the runnable jar.
	ext := ".jar"
	if mod.Packaging == "war" {
		ext = ".war"
	}
	final := pom.Build.FinalName
	if final == "" {
		final = "${project.artifactId}-${project.version}"
	}
	if name, ok := r.expand(final); ok {
		mod.JarName = name + mod.JarSuffix + ext
	}

	javaVersion(&mod, plugins, parents, outside, bootParent, top, r)
	javaToolchain(&mod, plugins, r)
	if *r.fatal != nil {
		return mod, fmt.Errorf("%s: %w", path.Join(dir, "pom.xml"), *r.fatal)
	}
	javaServer(fsys, &mod, springProfile(fsys, dir, r.props), src)
	mod.Sources = sourceFiles(fsys, path.Join(dir, "src"))
	return mod, nil
}

// maxSources bounds how many source files are listed per module: enough
// for any real module, and a bound on a crafted tree.
const maxSources = 50000

// sourceFiles lists the files under dir.
func sourceFiles(fsys fs.FS, dir string) []string {
	var files []string
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(files) >= maxSources {
			return fs.SkipDir
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// springProfile is the Spring profile the jar runs with when nothing sets
// one at run time: the spring.profiles.active of the module's application
// file, where a value of @spring.profiles.active@ is the Maven property
// that spring-boot-starter-parent's resource filtering writes there (a
// build profile such as -Pprod sets it). A Maven property that no
// application file takes in never reaches Spring.
func springProfile(fsys fs.FS, dir string, props map[string]string) string {
	for _, name := range springConfigFiles(dir, "") {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		m := springActivePropRE.FindSubmatch(data)
		if m == nil {
			m = springActiveYmlRE.FindSubmatch(data)
		}
		if m == nil {
			continue
		}
		v := string(m[1])
		if v == "@spring.profiles.active@" {
			v = props["spring.profiles.active"]
		}
		return firstSpringProfile(v)
	}
	return ""
}

var (
	springActivePropRE = regexp.MustCompile(`(?m)^[ \t]*spring\.profiles\.active[ \t]*[=:][ \t]*([^\s#]+)`)
	springActiveYmlRE  = regexp.MustCompile(`(?m)^[ \t]*profiles:[ \t]*\n(?:[ \t]*#.*\n)*[ \t]+active:[ \t]*['"]?([^'"\s#]+)`)
)

// firstSpringProfile takes the first profile of a spring.profiles.active
// value, up to the first property reference: "prod${profile.tls}" -> prod.
func firstSpringProfile(v string) string {
	v, _, _ = strings.Cut(v, "${")
	v, _, _ = strings.Cut(v, ",")
	v = strings.TrimSpace(v)
	if !safeName.MatchString(v) {
		return ""
	}
	return v
}

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// activeProfile is a profile Maven activates for a module, and why.
type activeProfile struct {
	pom *pomXML
	p   *profile
	why string
}

// activeProfiles lists the profiles of the module's poms that Maven
// activates when building it with -P selected (or none): the selected one,
// those whose file or property activation holds (files are looked up
// relative to the module, as Maven does for inherited profiles), and each
// pom's activeByDefault ones when no other profile of that pom is active.
func activeProfiles(fsys fs.FS, dir string, parents []*pomXML, dirs []string, selected string) []activeProfile {
	var out []activeProfile
	for i, pom := range parents {
		name := path.Join(dirs[i], "pom.xml")
		var mine, byDefault []activeProfile
		for j := range pom.Profiles {
			pr := &pom.Profiles[j]
			id := strings.TrimSpace(pr.ID)
			at := fmt.Sprintf("%s:%d: profile %s", name, profileLine(pom, id), id)
			act := pr.Activation
			switch {
			case selected != "" && id == selected:
				mine = append(mine, activeProfile{pom, pr, at + ", -P" + id})
			case strings.TrimSpace(act.File.Exists) != "":
				if f, ok := moduleFile(dir, act.File.Exists); ok && exists(fsys, f) {
					mine = append(mine, activeProfile{pom, pr, at + ", active because " + f + " exists"})
				}
			case strings.TrimSpace(act.File.Missing) != "":
				if f, ok := moduleFile(dir, act.File.Missing); ok && !exists(fsys, f) {
					mine = append(mine, activeProfile{pom, pr, at + ", active because " + f + " is missing"})
				}
			case act.Property != nil && strings.HasPrefix(strings.TrimSpace(act.Property.Name), "!"):
				mine = append(mine, activeProfile{pom, pr, at + ", active because no -D" + strings.TrimPrefix(strings.TrimSpace(act.Property.Name), "!") + " is given"})
			case strings.TrimSpace(act.ActiveByDefault) == "true":
				byDefault = append(byDefault, activeProfile{pom, pr, at + ", activeByDefault"})
			}
		}
		if len(mine) == 0 {
			mine = byDefault
		}
		out = append(out, mine...)
	}
	return out
}

// moduleFile resolves a file activation path against the module directory;
// ok is false for one that leaves the project or names a property Maven
// alone knows.
func moduleFile(dir, f string) (string, bool) {
	f = strings.TrimSpace(f)
	for _, pre := range []string{"${project.basedir}/", "${basedir}/"} {
		f = strings.TrimPrefix(f, pre)
	}
	if strings.Contains(f, "${") || strings.HasPrefix(f, "/") {
		return "", false
	}
	full := path.Join(dir, f)
	return full, fs.ValidPath(full)
}

// profileLine is the line of a profile's <id> in its pom, 0 when not found.
func profileLine(pom *pomXML, id string) int {
	re, err := regexp.Compile(`<id>\s*` + regexp.QuoteMeta(id) + `\s*</id>`)
	if err != nil {
		return 0
	}
	for _, loc := range re.FindAllIndex(pom.data, -1) {
		// A profile id, not a repository's or an execution's: the nearest
		// enclosing start tag before it is <profile>.
		before := pom.data[:loc[0]]
		if p, o := bytes.LastIndex(before, []byte("<profile>")), bytes.LastIndex(before, []byte("</profile>")); p > o {
			line, _ := position(pom.data, int64(loc[0]))
			return line
		}
	}
	return 0
}

// defaultBound are the plugins Maven binds to a packaging's lifecycle
// without a <plugin> element: their <pluginManagement> configuration applies.
func defaultBound(packaging string) []string {
	switch packaging {
	case "jar":
		return []string{"maven-compiler-plugin", "maven-jar-plugin"}
	case "war":
		return []string{"maven-compiler-plugin", "maven-war-plugin"}
	}
	return nil
}

// effectivePlugins merges the build plugins Maven runs for the module: its
// own and its active profiles', those inherited from in-repo parents, and
// the default-bound ones; every one takes the configuration of the same
// plugin in parents and in <pluginManagement> after its own.
func effectivePlugins(parents []*pomXML, active []activeProfile, packaging string, r resolver) []plugin {
	key := func(p *plugin) string {
		g, _ := r.expand(p.GroupID)
		a, _ := r.expand(p.ArtifactID)
		p.GroupID, p.ArtifactID = g, a
		if g == "" {
			g = "org.apache.maven.plugins"
		}
		return g + ":" + a
	}
	var out []plugin
	idx := map[string]int{}
	// more adds pl's configuration to the plugin of the same key already
	// listed, and reports whether there was one.
	more := func(k string, pl *plugin) bool {
		j, ok := idx[k]
		if !ok {
			return false
		}
		out[j].more = append(out[j].more, pl.configs()...)
		if out[j].Version == "" {
			out[j].Version = pl.Version
		}
		return true
	}
	var managed []plugin
	for i, pom := range parents {
		var builds []pomBuild
		for _, a := range active {
			if a.pom == pom {
				builds = append(builds, a.p.Build)
			}
		}
		builds = append(builds, pom.Build)
		for _, b := range builds {
			for _, pl := range b.Plugins {
				if i > 0 && strings.TrimSpace(pl.Inherited) == "false" {
					continue
				}
				k := key(&pl)
				if more(k, &pl) {
					continue
				}
				idx[k] = len(out)
				out = append(out, pl)
			}
			managed = append(managed, b.Managed...)
		}
	}
	for _, pl := range managed {
		k := key(&pl)
		if more(k, &pl) {
			continue
		}
		if g, a, _ := strings.Cut(k, ":"); g == "org.apache.maven.plugins" && slices.Contains(defaultBound(packaging), a) {
			pl.Inherited = "managed"
			idx[k] = len(out)
			out = append(out, pl)
		}
	}
	return out
}

// findPlugin returns the build plugin group:artifact; an empty groupId
// means org.apache.maven.plugins, as in Maven.
func findPlugin(plugins []plugin, group, artifact string) *plugin {
	for i := range plugins {
		p := &plugins[i]
		if (p.GroupID == group || (p.GroupID == "" && group == "org.apache.maven.plugins")) && p.ArtifactID == artifact {
			return p
		}
	}
	return nil
}

func shadeMainClass(c *pluginConfig) string {
	for _, t := range c.Transformers {
		if strings.TrimSpace(t.MainClass) != "" {
			return t.MainClass
		}
	}
	return ""
}

func manifestMainClass(c *pluginConfig) string { return c.Archive.Manifest.MainClass }

// runnable tells what kind of runnable artifact the module builds: Spring
// Boot (its plugin), Quarkus (its plugin), or a jar whose manifest names a
// Main-Class (shade, assembly or jar plugin, in the order that decides which
// jar is the runnable one).
func runnable(mod *MavenModule, pom *pomXML, plugins []plugin, top *pomXML, bootParent bool, r resolver) {
	pomName := path.Join(mod.Dir, "pom.xml")
	if len(mod.ActiveProfiles) > 0 {
		// The plugin may come from a profile: say which are active.
		pomName += " (profiles: " + strings.Join(mod.ActiveProfiles, "; ") + ")"
	}
	bp := findPlugin(plugins, "org.springframework.boot", "spring-boot-maven-plugin")
	sp := findPlugin(plugins, "org.apache.maven.plugins", "maven-shade-plugin")
	ap := findPlugin(plugins, "org.apache.maven.plugins", "maven-assembly-plugin")
	jp := findPlugin(plugins, "org.apache.maven.plugins", "maven-jar-plugin")
	switch {
	case bp != nil:
		mod.Kind, mod.KindEvidence = "spring-boot", pomName+": spring-boot-maven-plugin"
		bootVersion(mod, pom, top, bp, bootParent, r)
		mod.BootLayout = strings.ToUpper(bp.first(func(c *pluginConfig) string { return c.Layout }))
		mod.BootLayers = strings.TrimSpace(bp.Config.Layers.Enabled)
		if c := bp.first(func(c *pluginConfig) string { return c.Classifier }); c != "" {
			mod.JarSuffix = "-" + c
		}
		mod.MainClass = bp.first(func(c *pluginConfig) string { return c.MainClass })
	case findPlugin(plugins, "io.quarkus.platform", "quarkus-maven-plugin") != nil || findPlugin(plugins, "io.quarkus", "quarkus-maven-plugin") != nil:
		mod.Kind, mod.KindEvidence = "quarkus", pomName+": quarkus-maven-plugin"
	case sp != nil && sp.first(shadeMainClass) != "":
		mod.Kind, mod.KindEvidence, mod.Shaded = "jar", pomName+": maven-shade-plugin mainClass", true
		mod.MainClass = sp.first(shadeMainClass)
		if sp.first(func(c *pluginConfig) string { return c.ShadedArtifactAttached }) == "true" {
			// The shaded jar is attached beside the plain one, with a classifier.
			cl := sp.first(func(c *pluginConfig) string { return c.ShadedClassifierName })
			if cl == "" {
				cl = "shaded"
			}
			mod.JarSuffix = "-" + cl
		}
	case ap != nil && ap.first(manifestMainClass) != "" && ap.first(func(c *pluginConfig) string { return strings.Join(c.DescriptorRefs, " ") }) == "jar-with-dependencies":
		mod.Kind, mod.KindEvidence, mod.Assembly = "jar", pomName+": maven-assembly-plugin jar-with-dependencies", true
		mod.MainClass = ap.first(manifestMainClass)
		if ap.first(func(c *pluginConfig) string { return c.AppendAssemblyID }) != "false" {
			mod.JarSuffix = "-jar-with-dependencies"
		}
	case jp != nil && jp.first(manifestMainClass) != "":
		how := ": maven-jar-plugin manifest mainClass"
		if jp.Inherited == "managed" {
			how = ": maven-jar-plugin (bound by default) manifest mainClass from <pluginManagement>"
		}
		mod.Kind, mod.KindEvidence = "jar", pomName+how
		mod.MainClass = jp.first(manifestMainClass)
	case bootParent:
		mod.KindEvidence = pomName + ": spring-boot-starter-parent without the spring-boot-maven-plugin, so its jar is not executable"
	}
	if mod.MainClass != "" {
		mod.MainClass, _ = r.expand(mod.MainClass)
	}
}

// bootVersion finds the Spring Boot version: the starter parent's, the
// plugin's, or the spring-boot-dependencies BOM's, each with its evidence,
// or says why it cannot be told.
func bootVersion(mod *MavenModule, pom, top *pomXML, bp *plugin, bootParent bool, r resolver) {
	pomName := path.Join(mod.Dir, "pom.xml")
	raw, from := "", ""
	switch {
	case bootParent:
		raw, from = top.Parent.Version, "parent org.springframework.boot:spring-boot-starter-parent"
	case bp.Version != "":
		raw, from = bp.Version, pomName+": spring-boot-maven-plugin version"
	default:
		for _, d := range pom.ManagedDeps {
			if d.GroupID == "org.springframework.boot" && d.ArtifactID == "spring-boot-dependencies" {
				raw, from = d.Version, pomName+": spring-boot-dependencies in dependencyManagement"
			}
		}
	}
	if raw == "" {
		mod.BootVersionEvidence = pomName + ": neither spring-boot-starter-parent, a spring-boot-maven-plugin version nor the spring-boot-dependencies BOM is in this repository"
		return
	}
	v, ok := r.expand(raw)
	if !ok {
		mod.BootVersionEvidence = fmt.Sprintf("%s %s uses a property not defined in this repository", from, raw)
		return
	}
	mod.BootVersion, mod.BootVersionEvidence = v, from+" "+v
	if raw != v {
		mod.BootVersionEvidence = from + " " + raw + " = " + v
	}
}

// javaVersion reads the release the module compiles for.
func javaVersion(mod *MavenModule, plugins []plugin, parents []*pomXML, outside, bootParent bool, top *pomXML, r resolver) {
	pomName := path.Join(mod.Dir, "pom.xml")
	for _, key := range []string{"maven.compiler.release", "maven.compiler.target", "maven.compiler.source", "java.version"} {
		raw, found := r.props[key]
		if !found {
			continue
		}
		v, ok := r.expand(raw)
		if !ok {
			mod.JavaProblem = fmt.Sprintf("%s: %s is %s, which is not defined in this repository", pomName, key, raw)
			continue
		}
		if jv := normalizeJava(v); jv != "" {
			mod.JavaVersion, mod.JavaVersionEvidence = jv, fmt.Sprintf("%s: %s %s", where(key, parents, mod.Dir), key, v)
			return
		}
	}
	if cp := findPlugin(plugins, "org.apache.maven.plugins", "maven-compiler-plugin"); cp != nil {
		for _, f := range []struct {
			name string
			get  func(c *pluginConfig) string
		}{
			{"release", func(c *pluginConfig) string { return c.Release }},
			{"target", func(c *pluginConfig) string { return c.Target }},
			{"source", func(c *pluginConfig) string { return c.Source }},
		} {
			raw := cp.first(f.get)
			if raw == "" {
				continue
			}
			v, ok := r.expand(raw)
			if !ok {
				mod.JavaProblem = fmt.Sprintf("%s: maven-compiler-plugin <%s> is %s, which is not defined in this repository", pomName, f.name, raw)
				continue
			}
			if jv := normalizeJava(v); jv != "" {
				mod.JavaVersion, mod.JavaVersionEvidence = jv, fmt.Sprintf("%s: maven-compiler-plugin <%s>%s", pomName, f.name, v)
				return
			}
		}
	}
	if bootParent {
		// spring-boot-starter-parent sets java.version: 17 from Boot 3, 1.8
		// before.
		v := "17"
		if strings.HasPrefix(top.Parent.Version, "2.") || strings.HasPrefix(top.Parent.Version, "1.") {
			v = "8"
		}
		mod.JavaVersion, mod.JavaVersionEvidence = v, fmt.Sprintf("spring-boot-starter-parent %s's default java.version (the pom sets none)", top.Parent.Version)
		return
	}
	if mod.JavaProblem == "" {
		if outside {
			p := top.Parent
			mod.JavaProblem = fmt.Sprintf("%s sets no Java version; it may come from the parent %s:%s:%s, which is outside this repository", pomName, p.GroupID, p.ArtifactID, p.Version)
		} else {
			mod.JavaProblem = pomName + " sets no Java version (maven.compiler.release, source/target or java.version)"
		}
	}
}

// javaToolchain reads the JDK maven-toolchains-plugin selects. The build
// needs a JDK at least that new, so the Java version is raised to it.
func javaToolchain(mod *MavenModule, plugins []plugin, r resolver) {
	tp := findPlugin(plugins, "org.apache.maven.plugins", "maven-toolchains-plugin")
	if tp == nil {
		return
	}
	raw := tp.first(func(c *pluginConfig) string { return c.ToolchainJDK })
	v, ok := r.expand(raw)
	if raw == "" || !ok {
		return
	}
	// 17, [17,), [1.8,11), (,21]: the lower bound, or the only number.
	low, _, _ := strings.Cut(strings.Trim(strings.TrimSpace(v), "[]()"), ",")
	jv := normalizeJava(low)
	if jv == "" {
		return
	}
	mod.Toolchain = jv
	mod.ToolchainEvidence = fmt.Sprintf("%s: maven-toolchains-plugin jdk version %s", path.Join(mod.Dir, "pom.xml"), v)
	if n, _ := strconv.Atoi(mod.JavaVersion); mod.JavaVersion == "" || n < atoi(jv) {
		mod.JavaVersion, mod.JavaVersionEvidence = jv, mod.ToolchainEvidence
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// where names the pom that defines a property.
func where(key string, parents []*pomXML, dir string) string {
	d := dir
	for _, p := range parents {
		if _, ok := p.Properties[key]; ok {
			return path.Join(d, "pom.xml")
		}
		d = path.Dir(d)
	}
	return path.Join(dir, "pom.xml")
}

// normalizeJava turns "1.8" into "8" and "17" into "17".
func normalizeJava(v string) string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "1.")
	if n, err := strconv.Atoi(v); err == nil && n >= 5 && n < 100 {
		return strconv.Itoa(n)
	}
	return ""
}

// mavenClients are the artifacts (groupId:artifactId, or a groupId) that
// are clients of a backing service.
var mavenClients = []clientRule{
	{"postgres", "org.postgresql:postgresql"}, {"postgres", "org.postgresql:r2dbc-postgresql"},
	{"mysql", "mysql:mysql-connector-java"}, {"mysql", "com.mysql:mysql-connector-j"}, {"mysql", "org.mariadb.jdbc:mariadb-java-client"},
	{"redis", "redis.clients:jedis"}, {"redis", "io.lettuce:lettuce-core"}, {"redis", "org.springframework.boot:spring-boot-starter-data-redis"},
	{"redis", "org.redisson:redisson"}, {"redis", "io.quarkus:quarkus-redis-client"},
	{"mongodb", "org.mongodb:mongodb-driver-sync"}, {"mongodb", "org.mongodb:mongodb-driver-reactivestreams"},
	{"mongodb", "org.springframework.boot:spring-boot-starter-data-mongodb"}, {"mongodb", "io.quarkus:quarkus-mongodb-client"},
	{"kafka", "org.apache.kafka:kafka-clients"}, {"kafka", "org.springframework.kafka:spring-kafka"}, {"kafka", "io.quarkus:quarkus-kafka-client"},
	{"amqp", "com.rabbitmq:amqp-client"}, {"amqp", "org.springframework.boot:spring-boot-starter-amqp"},
	{"postgres", "io.quarkus:quarkus-jdbc-postgresql"}, {"mysql", "io.quarkus:quarkus-jdbc-mysql"},
}

var (
	javaEnvRE   = regexp.MustCompile(`\bSystem\.getenv\("([A-Za-z_][A-Za-z0-9_]*)"\)`)
	springEnvRE = regexp.MustCompile(`\$\{([A-Z_][A-Z0-9_]*)(?::[^}]*)?\}`)
)

// MavenServices lists a Maven build's services: the root and every reactor
// module that is runnable (Spring Boot, Quarkus or an executable jar).
func MavenServices(fsys fs.FS, p *Project) ([]Service, error) {
	m := p.Maven()
	if m == nil {
		return nil, nil
	}
	var out []Service
	for _, mod := range append([]MavenModule{m.Root}, m.Modules...) {
		if mod.Kind == "" {
			continue
		}
		s := Service{
			Name: ServiceName(mod.ArtifactID), Path: mod.Dir, Stack: Maven,
			Runs: "java -jar " + mod.JarName, Port: mod.Port, PortEvidence: mod.PortEvidence,
			Evidence: mod.KindEvidence,
		}
		if mod.JarName == "" {
			s.Runs = "java -jar (" + mod.Kind + ")"
		}
		if mod.Dir != "." {
			s.Select = map[string]string{"module": mod.Dir}
		}
		pom, err := readPOM(fsys, path.Join(mod.Dir, "pom.xml"))
		if err != nil {
			return nil, err
		}
		var clients []Client
		for _, d := range pom.Deps {
			if d.Scope == "test" {
				continue
			}
			if kind := clientFor(mavenClients, d.GroupID+":"+d.ArtifactID); kind != "" {
				clients = addClient(clients, kind, fmt.Sprintf("%s: dependency %s:%s", path.Join(mod.Dir, "pom.xml"), d.GroupID, d.ArtifactID))
			}
		}
		if len(clients) > 0 {
			java, config := javaSources(fsys, mod.Dir)
			s.Clients = withEnv(clients, append(readEnvs(fsys, java, javaEnvRE), readEnvs(fsys, config, springEnvRE)...))
		}
		out = append(out, s)
	}
	return out, nil
}

// javaSources lists a module's main Java files and its configuration files.
func javaSources(fsys fs.FS, dir string) (java, config []string) {
	fs.WalkDir(fsys, path.Join(dir, "src/main"), func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && heavyDir(d.Name()):
			return fs.SkipDir
		case d.IsDir():
			return nil
		case strings.HasSuffix(p, ".java") || strings.HasSuffix(p, ".kt"):
			java = append(java, p)
		case strings.HasPrefix(d.Name(), "application") && (strings.HasSuffix(p, ".properties") || strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")):
			config = append(config, p)
		}
		return nil
	})
	return java, config
}
