# Builds the Lambda package of CreateUserFunction.
#   make package                      artifacts/function/ and artifacts/function.zip (x86_64)
#   make package ARCHITECTURE=arm64   artifacts/function-arm64/ and artifacts/function-arm64.zip
#   sam build                         runs build-CreateUserFunction with ARTIFACTS_DIR set by SAM
# All of them run scripts/package-function.sh, so they produce the same files.
#
# SAM passes make nothing but ARTIFACTS_DIR, so the architecture comes from the environment and must match the
# template's Architecture parameter:
#   ARCHITECTURE=arm64 sam build && sam deploy --parameter-overrides Architecture=arm64

ARCHITECTURE ?= x86_64
ARTIFACTS_DIR ?= artifacts/function
PACKAGE_NAME := $(if $(filter arm64,$(ARCHITECTURE)),function-arm64,function)

.PHONY: build-CreateUserFunction package clean

build-CreateUserFunction:
	scripts/package-function.sh "$(ARTIFACTS_DIR)" "$(ARCHITECTURE)"

package:
	rm -rf artifacts/$(PACKAGE_NAME) artifacts/$(PACKAGE_NAME).zip
	scripts/package-function.sh artifacts/$(PACKAGE_NAME) "$(ARCHITECTURE)"
	@command -v zip >/dev/null || { echo "error: zip is missing; install it (Debian: apt-get install zip)." >&2; exit 1; }
	cd artifacts/$(PACKAGE_NAME) && zip -q -X -r ../$(PACKAGE_NAME).zip .
	@echo "Wrote artifacts/$(PACKAGE_NAME).zip"

clean:
	rm -rf artifacts/function artifacts/function.zip artifacts/function-arm64 artifacts/function-arm64.zip \
		artifacts/package-build
