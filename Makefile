# Builds the Lambda package of CreateUserFunction.
#   make package                    artifacts/function/ and artifacts/function.zip, for a manual upload
#   sam build                       runs build-CreateUserFunction with ARTIFACTS_DIR set by SAM
# Both run scripts/package-function.sh, so they produce the same files.

ARTIFACTS_DIR ?= artifacts/function

.PHONY: build-CreateUserFunction package clean

build-CreateUserFunction:
	scripts/package-function.sh "$(ARTIFACTS_DIR)"

package:
	rm -rf artifacts/function artifacts/function.zip
	scripts/package-function.sh artifacts/function
	@command -v zip >/dev/null || { echo "error: zip is missing; install it (Debian: apt-get install zip)." >&2; exit 1; }
	cd artifacts/function && zip -q -X -r ../function.zip .
	@echo "Wrote artifacts/function.zip"

clean:
	rm -rf artifacts/function artifacts/function.zip artifacts/package-build
