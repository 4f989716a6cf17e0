package e2e

// The generator of the detection benchmark's repository. It needs no engine,
// so its own test runs in make test on a small size; the benchmark
// (bench_detect_test.go, make bench) runs it at 100,000 and 500,000 files.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The services of the generated repository: 200 across the stacks that list
// services, 80 Go modules and 50 Maven modules under services/, 70 apps of
// the root npm workspace under apps/.
const (
	bigGoServices    = 80
	bigJavaServices  = 50
	bigNodeServices  = 70
	bigServicesTotal = bigGoServices + bigJavaServices + bigNodeServices
)

// bigRepo is a generated repository and what it holds.
type bigRepo struct {
	files       int // regular files written
	nodeModules int // of them under a node_modules directory
}

// writeBigRepo writes a monorepo of exactly total files into dir: a root npm
// workspace whose apps (and the root) carry node_modules trees, Go modules
// with vendor/ trees, Maven modules with target/ output, and a .git
// directory. Everything beyond the services' own files is node_modules
// packages, so two sizes differ only in the size of node_modules. The same
// total always writes the same tree.
func writeBigRepo(dir string, total int) (bigRepo, error) {
	g := &bigGen{dir: dir}
	g.write("README.md", "# shop monorepo\n")
	g.write("package.json", bigRootPackageJSON())
	g.write("package-lock.json", bigRootLock())
	for i := 0; i < 400; i++ {
		g.write(fmt.Sprintf(".git/objects/%02x/%038x", i%256, i), "x")
	}
	for i := 0; i < bigGoServices; i++ {
		g.goService(i)
	}
	for i := 0; i < bigJavaServices; i++ {
		g.javaService(i)
	}
	for i := 0; i < bigNodeServices; i++ {
		g.nodeApp(i)
	}
	if g.err != nil {
		return bigRepo{}, g.err
	}
	left := total - g.files
	if left < 0 {
		return bigRepo{}, fmt.Errorf("%d files are too few: the services alone take %d", total, g.files)
	}
	// The rest is node_modules: a third of it in the apps' own trees, the
	// rest hoisted to the root, packages of bigPackageFiles files each.
	perApp := left / 3 / bigNodeServices
	for i := 0; i < bigNodeServices; i++ {
		g.nodeModules(fmt.Sprintf("apps/web-%03d/node_modules", i), perApp, i)
	}
	g.nodeModules("node_modules", total-g.files, 1000)
	if g.err != nil {
		return bigRepo{}, g.err
	}
	return bigRepo{files: g.files, nodeModules: g.nm}, nil
}

// bigPackageFiles is the size of one generated node_modules package.
const bigPackageFiles = 20

type bigGen struct {
	dir       string
	files, nm int
	made      map[string]bool
	err       error
}

func (g *bigGen) write(name, data string) {
	if g.err != nil {
		return
	}
	p := filepath.Join(g.dir, filepath.FromSlash(name))
	d := filepath.Dir(p)
	if g.made == nil {
		g.made = map[string]bool{}
	}
	if !g.made[d] {
		if g.err = os.MkdirAll(d, 0o755); g.err != nil {
			return
		}
		g.made[d] = true
	}
	if g.err = os.WriteFile(p, []byte(data), 0o644); g.err != nil {
		return
	}
	g.files++
	if strings.Contains(name, "node_modules/") {
		g.nm++
	}
}

func (g *bigGen) goService(i int) {
	d := fmt.Sprintf("services/orders-%03d/", i)
	mod := fmt.Sprintf("example.com/shop/orders%03d", i)
	g.write(d+"go.mod", fmt.Sprintf("module %s\n\ngo 1.24.4\n\nrequire github.com/acme/kit v1.2.%d\n", mod, i))
	g.write(d+"go.sum", fmt.Sprintf("github.com/acme/kit v1.2.%d h1:abc=\n", i))
	g.write(d+"main.go", fmt.Sprintf(`// Command orders%03d serves orders.
package main

import (
	"log"
	"net/http"

	"%s/internal/handler"
)

func main() {
	http.HandleFunc("/", handler.Serve)
	log.Fatal(http.ListenAndServe(":%d", nil))
}
`, i, mod, 9000+i))
	g.write(d+"internal/handler/handler.go", "// Package handler answers requests.\npackage handler\n\nimport \"net/http\"\n\n// Serve answers.\nfunc Serve(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(\"ok\")) }\n")
	g.write(d+"vendor/modules.txt", fmt.Sprintf("# github.com/acme/kit v1.2.%d\n## explicit\ngithub.com/acme/kit\n", i))
	for f := 0; f < 8; f++ {
		g.write(fmt.Sprintf("%svendor/github.com/acme/kit/kit%d.go", d, f), "package kit\n")
	}
}

func (g *bigGen) javaService(i int) {
	d := fmt.Sprintf("services/billing-%03d/", i)
	g.write(d+"pom.xml", fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>shop</groupId>
  <artifactId>billing-%03d</artifactId>
  <version>1.0.0</version>
  <packaging>jar</packaging>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
  </properties>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-jar-plugin</artifactId>
        <version>3.4.2</version>
        <configuration>
          <archive><manifest><mainClass>shop.billing.Main</mainClass></manifest></archive>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
`, i))
	g.write(d+"src/main/java/shop/billing/Main.java", fmt.Sprintf(`package shop.billing;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;

public class Main {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(%d), 0);
        server.start();
    }
}
`, 7000+i))
	g.write(d+"src/main/java/shop/billing/Invoice.java", "package shop.billing;\n\nclass Invoice {}\n")
	g.write(d+"src/main/resources/application.properties", "name=billing\n")
	for f := 0; f < 10; f++ {
		g.write(fmt.Sprintf("%starget/classes/shop/billing/C%d.class", d, f), "\xca\xfe\xba\xbe")
	}
}

func (g *bigGen) nodeApp(i int) {
	d := fmt.Sprintf("apps/web-%03d/", i)
	g.write(d+"package.json", fmt.Sprintf(`{
  "name": "@shop/web-%03d",
  "version": "1.0.0",
  "private": true,
  "main": "server.js",
  "scripts": {"start": "node server.js"},
  "dependencies": {"express": "^4.21.2"}
}
`, i))
	g.write(d+"server.js", fmt.Sprintf("const express = require(\"express\");\nconst app = express();\napp.get(\"/\", (req, res) => res.send(\"ok\"));\napp.listen(%d);\n", 3000+i))
	g.write(d+"src/routes.js", "module.exports = [];\n")
	for f := 0; f < 5; f++ {
		g.write(fmt.Sprintf("%sdist/chunk-%d.js", d, f), "void 0;\n")
	}
}

// nodeModules writes about n files of packages into dir, every fourth
// package with a nested node_modules of its own.
func (g *bigGen) nodeModules(dir string, n, seed int) {
	for p := 0; n > 0; p++ {
		pkg := fmt.Sprintf("%s/pkg-%d-%d", dir, seed, p)
		files := []string{"package.json", "index.js", "README.md", "LICENSE"}
		for f := 0; len(files) < bigPackageFiles; f++ {
			files = append(files, fmt.Sprintf("lib/m%d.js", f))
		}
		if p%4 == 3 {
			files = append(files[:bigPackageFiles-2], "node_modules/inner/package.json", "node_modules/inner/index.js")
		}
		for _, f := range files {
			if n == 0 {
				break
			}
			data := "module.exports = function () { return 1; };\n"
			if strings.HasSuffix(f, "package.json") {
				data = fmt.Sprintf(`{"name": "pkg-%d-%d", "version": "1.0.%d", "main": "index.js"}`, seed, p, p)
			}
			g.write(pkg+"/"+f, data)
			n--
		}
	}
}

func bigRootPackageJSON() string {
	return `{
  "name": "shop",
  "private": true,
  "workspaces": ["apps/*"]
}
`
}

// bigRootLock is the workspace's lockfile: its packages and express.
func bigRootLock() string {
	var b strings.Builder
	b.WriteString(`{
  "name": "shop",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {"name": "shop", "workspaces": ["apps/*"]},
    "node_modules/express": {"version": "4.21.2", "resolved": "https://registry.npmjs.org/express/-/express-4.21.2.tgz"}`)
	for i := 0; i < bigNodeServices; i++ {
		fmt.Fprintf(&b, `,
    "apps/web-%03d": {"name": "@shop/web-%03d", "version": "1.0.0", "dependencies": {"express": "^4.21.2"}},
    "node_modules/@shop/web-%03d": {"resolved": "apps/web-%03d", "link": true}`, i, i, i, i)
	}
	b.WriteString("\n  }\n}\n")
	return b.String()
}
