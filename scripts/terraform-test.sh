#!/usr/bin/env bash
# Terraform checks, offline: fmt, init from the local provider mirror, validate, `terraform test` with a
# mocked provider, then a real `terraform apply -var stage=dev` against the DynamoDB/AWS emulator (moto
# on 127.0.0.1, from scripts/with-dynamodb.sh), on demand and provisioned with autoscaling: the stack
# read back with the SDK, a no-change plan, and destroy.
set -euo pipefail
cd "$(dirname "$0")/.."

provider=$(find /opt /usr/local /usr/share -path '*registry.terraform.io/hashicorp/aws/*' -name 'terraform-provider-aws_*' 2>/dev/null | head -n 1)
[ -n "$provider" ] || { echo "no hashicorp/aws provider mirror found on this machine" >&2; exit 1; }
mirror=${provider%/registry.terraform.io/*}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/terraformrc" <<HCL
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
HCL
export TF_CLI_CONFIG_FILE=$work/terraformrc TF_IN_AUTOMATION=1 TF_INPUT=0
tf() { terraform -chdir=terraform "$@"; }

tf fmt -check -recursive
tf init -backend=false >/dev/null
tf validate
tf test
terraform -chdir=terraform/examples/requester init -backend=false >/dev/null
terraform -chdir=terraform/examples/requester validate
terraform -chdir=terraform/examples/requester test
python3 scripts/check_signed_requests.py

# A real apply against the emulator: environment only, nothing in the module knows about it.
export AWS_ENDPOINT_URL=$DYNAMODB_ENDPOINT AWS_MAX_ATTEMPTS=1 AWS_EC2_METADATA_DISABLED=true
# moto stores the function's code and runs none of it: a zip of the debug build (which check_iam.py runs
# under the function's role) stands in for make package's, so this suite need not wait for that build.
cargo build --quiet --locked -p ride-record-function --bin bootstrap
package=$work/bootstrap.zip
python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').write(sys.argv[2], 'bootstrap')" \
    "$package" target/debug/bootstrap

# The requester example applied next to the stack, as another service's stack is: its role is evaluated
# by check_iam.py, then it is destroyed. `make smoke`'s script runs against the stack in between.
apply_requester_then_check_iam() {
    local outputs=$1 state=$work/requester.tfstate zip=$work/requester.zip
    python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').write(sys.argv[2], 'requester.py')" \
        "$zip" terraform/examples/requester/requester.py
    local vars=(-var stage=dev -var "requester_package_path=$zip")
    timeout 300 terraform -chdir=terraform/examples/requester apply -auto-approve -state="$state" "${vars[@]}" \
        >"$work/requester.log" || { cat "$work/requester.log"; return 1; }
    terraform -chdir=terraform/examples/requester output -state="$state" -json >"$work/requester-outputs.json"
    python3 scripts/check_iam.py "$outputs" "$work/requester-outputs.json"
    python3 scripts/check_smoke.py "$outputs"
    timeout 300 terraform -chdir=terraform/examples/requester destroy -auto-approve -state="$state" "${vars[@]}" \
        >"$work/requester.log" || { cat "$work/requester.log"; return 1; }
}

# Applies one variant (billing mode; a JWT issuer for the front end's routes, or -; an alarm e-mail
# address, or none), reads it back, plans again (no change allowed), destroys, checks it is gone.
# The JWT variant also turns tracing off and allows a browser origin (CORS). The IAM-only variant runs
# the function and the requester example under their roles with IAM enforced.
apply_variant() {
    local billing_mode=$1 jwt_issuer=$2 alarm_email=${3:-} state=$work/$1.tfstate
    local vars=(-var stage=dev -var architecture=x86_64 -var "package_path=$package" -var "billing_mode=$billing_mode")
    local checks=()
    if [ "$jwt_issuer" != - ]; then
        vars+=(-var "jwt_authorizer={issuer=\"$jwt_issuer\", audience=[\"wildrydes-web\"]}" -var tracing=false
            -var 'cors_allowed_origins=["https://app.example.com"]')
        checks+=(--jwt-issuer "$jwt_issuer" --no-tracing --cors-origin https://app.example.com)
    fi
    if [ -n "$alarm_email" ]; then
        vars+=(-var "alarm_email=$alarm_email")
        checks+=(--alarm-email "$alarm_email")
    fi
    timeout 600 terraform -chdir=terraform apply -auto-approve -state="$state" "${vars[@]}" >"$work/apply.log" \
        || { cat "$work/apply.log"; return 1; }
    terraform -chdir=terraform output -state="$state" -json >"$work/outputs.json"
    python3 scripts/check_stack.py applied "$work/outputs.json" "$billing_mode" "${checks[@]}"
    [ "$jwt_issuer" != - ] || apply_requester_then_check_iam "$work/outputs.json"
    timeout 300 terraform -chdir=terraform plan -detailed-exitcode -state="$state" "${vars[@]}" >"$work/plan.log" \
        || { cat "$work/plan.log"; echo "a plan after apply shows changes: a setting does not round-trip" >&2; return 1; }
    timeout 600 terraform -chdir=terraform destroy -auto-approve -state="$state" "${vars[@]}" >"$work/destroy.log" \
        || { cat "$work/destroy.log"; return 1; }
    python3 scripts/check_stack.py destroyed "$work/outputs.json" "$billing_mode"
}

apply_variant PAY_PER_REQUEST - ops@example.com
apply_variant PROVISIONED https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example
echo "terraform: both variants (IAM only, alarms e-mailed, tracing, IAM evaluated; PROVISIONED with the JWT authorizer and CORS, no tracing) applied, read back, re-planned without changes and destroyed on the emulator"
