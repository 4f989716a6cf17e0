package golden

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// secretFiles are credentials of every kind the .dockerignore must keep
// out, as named by secret scanners (see plan/ignore.go).
var secretFiles = []string{
	".env", ".env.local", ".env.production", ".envrc",
	"server.pem", "tls.key", "cert.p12", "cert.pfx", "release.jks", "app.keystore",
	"id_rsa", "id_rsa.pub", "id_dsa", "id_ecdsa", "id_ed25519",
	".ssh/config", ".aws/credentials", ".docker/config.json", ".kube/config",
	".netrc", ".npmrc", ".pypirc", ".git-credentials", ".pgpass", ".vault-token", ".htpasswd",
	"credentials.json", "gcp-service-account-prod.json", "terraform.tfstate", "terraform.tfstate.backup",
	"secrets/db-password", ".git/config",
}

// envTemplates hold no secrets; apps load them, so they are sent.
var envTemplates = []string{".env.example", ".env.sample", ".env.template"}

// stacks are minimal projects of each stack dockerize knows.
var stacks = map[string]map[string]string{
	"go": {
		"go.mod":  "module example.com/app\n\ngo 1.24.4\n",
		"main.go": "package main\n\nfunc main() {}\n",
	},
	"node": {
		"package.json":      `{"name": "app", "scripts": {"start": "node server.js"}}`,
		"package-lock.json": `{"name": "app", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "app"}}}`,
		"server.js":         "require('http').createServer().listen(3000)\n",
	},
	"maven": {
		"pom.xml": `<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>app</artifactId><version>1</version>
<properties><maven.compiler.release>17</maven.compiler.release></properties>
<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>app.Main</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`,
		"src/main/java/app/Main.java": "package app;\n\npublic class Main { public static void main(String[] a) {} }\n",
	},
	"python": {
		"requirements.txt": "flask==3.1.0\ngunicorn==23.0.0\n",
		"app.py":           "from flask import Flask\n\napp = Flask(__name__)\n",
	},
	"rust": {
		"Cargo.toml":  "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
		"Cargo.lock":  "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n",
		"src/main.rs": "fn main() { let _ = std::net::TcpListener::bind(\"0.0.0.0:8080\"); }\n",
	},
}

// A .gitignore that tries to bring secrets back into the build.
const hostileGitignore = "!.env\n!*.pem\n!.git\n!secrets/\n!**/.npmrc\n!.env.*\n!id_rsa\n!**/credentials.json\n"

// TestSecretsAreNeverSent writes every secret file at depth 0, 1 and 3 into
// a project of each stack, next to a .gitignore that re-includes them, runs
// init, and checks with the engine's matcher that none reaches the build,
// while the env templates do.
func TestSecretsAreNeverSent(t *testing.T) {
	for stack, files := range stacks {
		t.Run(stack, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, content string) {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for name, content := range files {
				write(name, content)
			}
			write(".gitignore", hostileGitignore)
			var secrets, templates []string
			for _, depth := range []string{"", "a", "a/b/c"} {
				for _, s := range secretFiles {
					secrets = append(secrets, path.Join(depth, s))
					write(path.Join(depth, s), "TOKEN=x\n")
				}
				for _, s := range envTemplates {
					templates = append(templates, path.Join(depth, s))
					write(path.Join(depth, s), "PORT=8080\n")
				}
			}
			if code, _, stderr := dockerize("init", "--yes", dir); code != 0 {
				t.Fatalf("init: exit %d\n%s", code, stderr)
			}
			ignore, err := os.ReadFile(filepath.Join(dir, ".dockerignore"))
			if err != nil {
				t.Fatal(err)
			}
			pm := matcher(t, ignore)
			for _, s := range secrets {
				if excluded, _ := pm.MatchesOrParentMatches(s); !excluded {
					t.Errorf("%s is sent to the build", s)
				}
			}
			for _, s := range templates {
				if excluded, _ := pm.MatchesOrParentMatches(s); excluded {
					t.Errorf("env template %s is kept out, but apps load it", s)
				}
			}
			for name := range files {
				if excluded, _ := pm.MatchesOrParentMatches(name); excluded {
					t.Errorf("%s is kept out, but the build needs it", name)
				}
			}
			if strings.Contains(string(ignore), "TOKEN") {
				t.Error("a secret's content reached .dockerignore")
			}
		})
	}
}
