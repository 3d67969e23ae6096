#!/bin/sh
# Everything the compose recipe mounts as a secret, for a development or trial deployment:
#   tls/                            the mTLS CA and certificates (deploy/tls/generate-dev-ca.sh)
#   signing-key.pem                 Ed25519: the worker signs decisions with it
#   signing-public-keys.json        JWKS of decision-signing public keys (add retired ones here)
#   payload-keys.json               payload codec keys { "active": kid, "keys": { kid: base64 } }
#   officer-claim-key.pem           Ed25519: the API signs the acting officer's claim
#   officer-claim-public-keys.json  JWKS the workflow verifies officer claims against
#   replay-scrub-key                key of the pseudonyms in scrubbed history exports
#   sms-inbound-secret              the SMS gateway's HMAC key for citizens' replies (POST /sms/inbound)
#   staff-token-key.pem / -public.pem  a stand-in identity provider's key for staff tokens
#   db.env                          database passwords (docker compose --env-file)
#
#   sh deploy/generate-dev-secrets.sh [OUT_DIR]       (default: deploy/secrets, git-ignored)
#
# Existing files are kept: running it again never replaces a key that signed something.
# The containers read these files as uid 1000 (the node and temporal users; the Web UI through
# group 1000): run as root, the script hands the files to 1000:1000 (QYZMET_SECRETS_OWNER).
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$HERE/secrets}"
umask 077
mkdir -p "$OUT"
sh "$HERE/tls/generate-dev-ca.sh" "$OUT/tls" >/dev/null
cd "$OUT"

b64url() { base64 | tr '+/' '-_' | tr -d '=\n'; }

ed25519_key() { [ -f "$1" ] || openssl genpkey -algorithm ed25519 -out "$1"; }

# A JWKS holding the public half of an Ed25519 key; the key id is its RFC 7638 thumbprint.
jwks_of() {
  x=$(openssl pkey -in "$1" -pubout -outform DER | tail -c 32 | b64url)
  kid=$(printf '{"crv":"Ed25519","kty":"OKP","x":"%s"}' "$x" | openssl dgst -sha256 -binary | b64url)
  printf '{"keys":[{"kty":"OKP","crv":"Ed25519","x":"%s","kid":"%s","alg":"EdDSA","use":"sig"}]}\n' "$x" "$kid"
}

ed25519_key signing-key.pem
[ -f signing-public-keys.json ] || jwks_of signing-key.pem >signing-public-keys.json
ed25519_key officer-claim-key.pem
[ -f officer-claim-public-keys.json ] || jwks_of officer-claim-key.pem >officer-claim-public-keys.json
ed25519_key staff-token-key.pem
[ -f staff-token-public.pem ] || openssl pkey -in staff-token-key.pem -pubout -out staff-token-public.pem
if [ ! -f payload-keys.json ]; then
  kid="k$(date -u +%Y%m%d)"
  printf '{"active":"%s","keys":{"%s":"%s"}}\n' "$kid" "$kid" "$(openssl rand -base64 32)" >payload-keys.json
fi
[ -f replay-scrub-key ] || openssl rand -base64 48 >replay-scrub-key
[ -f sms-inbound-secret ] || openssl rand -hex 32 >sms-inbound-secret
if [ ! -f db.env ]; then
  {
    echo "QYZMET_POSTGRES_PASSWORD=$(openssl rand -hex 24)"
    echo "QYZMET_DB_PASSWORD=$(openssl rand -hex 24)"
    echo "QYZMET_DB_APP_PASSWORD=$(openssl rand -hex 24)"
    echo "QYZMET_TEMPORAL_DB_PASSWORD=$(openssl rand -hex 24)"
  } >db.env
fi

# Private material stays private; the group may read it (the Web UI joins group 1000 for its key).
find . -type f \( -name '*.pem' -o -name '*.json' -o -name 'replay-scrub-key' -o -name 'sms-inbound-secret' \) -exec chmod 0640 {} +
chmod 0600 db.env tls/ca-key.pem staff-token-key.pem
OWNER="${QYZMET_SECRETS_OWNER:-1000:1000}"
if [ "$(id -u)" = 0 ]; then
  chown -R "$OWNER" .
  chown 0:0 db.env tls/ca-key.pem staff-token-key.pem
elif [ "$(id -u)" != "${OWNER%%:*}" ]; then
  echo "note: the containers read these files as uid ${OWNER%%:*}: sudo chown -R $OWNER $OUT" >&2
fi
echo "secrets in $(pwd)"
