# Entry points users rely on: make run | test | package | wasm | deploy STAGE=dev | bench
.PHONY: test

test: ## install what the tests need, run every suite, print a summary
	scripts/test.sh
