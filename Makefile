# livemsg — the two commands a new user runs: `make run` and `make test`.
GO      ?= go
OUT     ?= out
BIN     := bin/livemsg

.PHONY: run test test-field test-calibrate bench mock contract load lint e2e build probe-matrix probe-distance explore explore-self detection

build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/livemsg

## run: the whole job against the embedded emulator: contract suite, load probes, out/run/report.html
run: build
	$(BIN) run --out $(OUT)

# the longest packages first: two run at a time (the cores), and steps
# (about a minute) left for last, alone, made the run 25 s longer
SLOW_PKGS := ./cmd/livemsg ./load ./steps ./explore ./parity

## test: vet, then every test with the race detector (the contract suite included)
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 $(SLOW_PKGS) ./...

## test-field: the field tests too slow for make test (LIVEMSG_FIELD=1): a whole run through a link losing 30% of answers, the whole real-target suite through a link dropping 2% of requests (exit 0); TestFieldMatrix runs in make test
test-field:
	LIVEMSG_FIELD=1 $(GO) test -race -count=1 -run '^(TestRunThroughLostAnswers|TestWholeContractThroughALinkDropping2Percent)$$' ./cmd/livemsg/

## test-calibrate: the calibration loop (LIVEMSG_CALIBRATE=1), about 20 s of load probes: a token bucket, a fixed and a long window probed as real targets, the emulator calibrated from them probed again (same shape, limit within 1, burst within 10%)
test-calibrate:
	LIVEMSG_CALIBRATE=1 $(GO) test -count=1 -run '^TestCalibratedEmulatorProbesAlike$$' -v ./calibrate/

## explore: 200 explore sequences on the embedded emulator, timed, with the coverage table (out/explore/coverage.json)
explore: build
	$(BIN) explore --budget 200 --seed 1 --out $(OUT)

## explore-self: the emulator explored against itself finds nothing in 2,000 sequences over 5 seeds (LIVEMSG_EXPLORE_SELF=1)
explore-self:
	LIVEMSG_EXPLORE_SELF=1 $(GO) test -count=1 -timeout 20m -run '^TestEmulatorAgainstItselfFindsNothing$$' -v ./explore/

## bench: the emulator's figures: throughput vs a bare handler, p99 at 1,000 req/s, memory of 100 apps x 5000 groups, cost of one call; explore's 200 sequences on the embedded emulator (s/run, target under 15 s)
bench:
	$(GO) test -run '^$$' -bench 'ThroughputVsBareHandler|P99At1000RPS|Memory100x5000' -benchtime 1x ./mock/
	$(GO) test -run '^$$' -bench 'ServeDescribe' -benchtime 100000x ./mock/
	$(GO) test -run '^$$' -bench 'Explore200' -benchtime 1x ./harness/

## probe-matrix: the load probe against the emulator in every throttling shape at limits 10, 37 and 50: enforced, measured, burst, shape, verdict, seconds, throttled spent (docs/load.md holds the latest table)
probe-matrix:
	@mkdir -p $(OUT)
	$(GO) test -count=1 -run '^TestProbeMatrix$$' ./load/ -args -matrix-table $(abspath $(OUT))/probe-matrix.md
	@cat $(OUT)/probe-matrix.md

## probe-distance: the probe matrix at 37 and 50 through 50, 150 and 300 ms each way (toxiproxy, jitter a third), about two minutes, three probes at a time: each case right or inconclusive, within 30 throttled; it fails today on the gaps docs/load.md lists (At a distance)
probe-distance:
	@mkdir -p $(OUT)
	-$(GO) test -count=1 -timeout 20m -run '^TestProbeDistanceMatrix$$' ./load/ -args -distance-table $(abspath $(OUT))/probe-distance.md
	@cat $(OUT)/probe-distance.md

## detection: the contract suite (real-target mode) and explore (default budget, seed 1) against every broken provider of internal/breakage, about 7 minutes on 2 cores; rewrites docs/detection.md (RUN=regexp: only those providers, the table logged; EXPLORE_ONLY=1 with RUN: explore alone, in a minute or two; SEED=n with RUN: explore with another seed)
detection:
	LIVEMSG_DETECTION_EXPLORE_ONLY=$(EXPLORE_ONLY) LIVEMSG_DETECTION_SEED=$(SEED) $(GO) test -v -count=1 -timeout 30m -run '^TestDetection$$' ./internal/breakage/ -args -detection $(abspath docs/detection.md) -detection-run '$(RUN)'

## e2e: render the report of a run and check it in headless Chromium (installed with apt-get when absent)
e2e: build
	-$(BIN) run --out $(OUT) > $(OUT).run.log 2>&1
	scripts/e2e.sh $(OUT)/run/report.html $(OUT)/run/report.png

## mock: start the emulator on 127.0.0.1:8080
mock: build
	$(BIN) mock

## contract: the contract suite on the embedded emulator (it prints its wall time)
contract: build
	$(BIN) contract --out $(OUT)

## load: the load probes of the three brief operations on the embedded emulator
load: build
	$(BIN) load --out $(OUT)

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

## lint: gofmt, go vet, staticcheck (fetched through the module proxy) and go mod tidy must be clean
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) mod tidy -diff
