# Entry points users rely on: make run | test | package | wasm | deploy STAGE=dev | smoke STAGE=dev | bench
PORT ?= 3000
STAGE ?= dev
export PORT

.PHONY: run test package wasm deploy smoke bench

run: ## the service and its demo page on http://127.0.0.1:$(PORT), data in ./data (the validator builds alongside)
	scripts/run.sh

test: ## install what the tests need, run every suite, print a summary
	scripts/test.sh

package: ## the Lambda zips: target/lambda/bootstrap-{x86_64,arm64}.zip
	scripts/package.sh

wasm: ## the npm package of the validator in schema-wasm/pkg
	scripts/build-wasm.sh

# The demo page imports the package: `make run` builds it in the background when its sources change.
schema-wasm/pkg/package.json: schema/ride-record.schema.json openapi/openapi.json schema-wasm/Cargo.toml \
		$(wildcard schema/src/*.rs schema-wasm/src/*.rs schema-wasm/js/*)
	scripts/build-wasm.sh

deploy: package ## make package + terraform apply -var stage=$(STAGE) (AWS credentials and internet needed)
	terraform -chdir=terraform init -input=false
	terraform -chdir=terraform apply -var stage=$(STAGE)

smoke: ## right after make deploy: a signed POST and GET, a ride through the topic, the alarms (AWS credentials)
	mkdir -p target && terraform -chdir=terraform output -json > target/smoke-outputs.json
	python3 scripts/smoke.py target/smoke-outputs.json

# BASELINE=<checkout of an earlier commit, built by its own make package, make wasm and release build>
# measures that commit in the same run, each figure next to this one's.
bench: package wasm ## benchmarks into BENCHMARKS.md and benches/benchmarks.png (a few minutes)
	scripts/install-test-deps.sh
	scripts/install-bench-deps.sh
	cargo build --release --locked -p ride-record-function --bin ride-record-local
	scripts/with-dynamodb.sh python3 benches/bench.py $(if $(BASELINE),--baseline $(BASELINE))
