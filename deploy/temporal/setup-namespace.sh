#!/bin/sh
# Creates the namespace Qyzmet uses and registers its search attributes (service, status and
# department codes — never personal data). Idempotent: existing ones are left as they are.
set -eu
: "${TEMPORAL_ADDRESS:?}"
NS="${TEMPORAL_NAMESPACE:-default}"
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do echo "waiting for Temporal at $TEMPORAL_ADDRESS"; sleep 2; done
temporal operator namespace describe --address "$TEMPORAL_ADDRESS" -n "$NS" >/dev/null 2>&1 \
  || temporal operator namespace create --address "$TEMPORAL_ADDRESS" -n "$NS" --retention 30d
for attr in QyzmetService QyzmetStatus QyzmetDepartment; do
  temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" -n "$NS" --name "$attr" --type Keyword 2>/dev/null || true
done
echo "namespace $NS ready"
