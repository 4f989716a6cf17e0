package ship

import (
	"fmt"
	"strconv"
	"strings"
)

// BakeFile is the name buildx looks for.
const BakeFile = "docker-bake.hcl"

// Bake renders docker-bake.hcl: a default group of every service, one
// target each. REGISTRY, TAG and PLATFORMS are variables (environment or
// --set); registry caches are left to CI, which sets cache-from/cache-to
// with --set, so a laptop build never needs registry credentials.
func Bake(services []Service, registry string) ([]byte, error) {
	if err := Validate(services); err != nil {
		return nil, err
	}
	if err := checkRegistry(registry); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(`# Builds every service: docker buildx bake (all in parallel, on the local
# engine or any builder, e.g. docker buildx create --driver remote ADDR).
# Push: REGISTRY=registry.example.com/team TAG=1.2.3 docker buildx bake --push
# Written by dockerize init --all.

variable "REGISTRY" {
  description = "Registry and namespace the images are tagged for; empty for local names."
  default     = ` + hclString(registry) + `
}

variable "TAG" {
  description = "Image tag, or several separated by commas."
  default     = "latest"
}

variable "PLATFORMS" {
  description = "Target platforms separated by commas (linux/amd64,linux/arm64); empty for the builder's own."
  default     = ""
}

function "tags" {
  params = [name]
  result = [for t in split(",", TAG) : REGISTRY == "" ? "${name}:${t}" : "${REGISTRY}/${name}:${t}"]
}

`)
	b.WriteString("group \"default\" {\n  targets = [")
	for i, s := range services {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(hclString(s.Name))
	}
	b.WriteString("]\n}\n")
	for _, s := range services {
		fmt.Fprintf(&b, "\ntarget %s {\n", hclString(s.Name))
		fmt.Fprintf(&b, "  context    = %s\n", hclString(s.Context))
		fmt.Fprintf(&b, "  dockerfile = %s\n", hclString(s.Dockerfile))
		if s.Target != "" {
			fmt.Fprintf(&b, "  target     = %s\n", hclString(s.Target))
		}
		fmt.Fprintf(&b, "  tags       = tags(%s)\n", hclString(s.Name))
		b.WriteString("  platforms  = PLATFORMS == \"\" ? [] : split(\",\", PLATFORMS)\n")
		b.WriteString("}\n")
	}
	return []byte(b.String()), nil
}

// hclString quotes s as an HCL string literal whose value is exactly s:
// escapes as in JSON, plus doubled template introducers so "${" and "%{"
// stay text.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case (c == '$' || c == '%') && i+1 < len(s) && s[i+1] == '{':
			b.WriteByte(c)
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
