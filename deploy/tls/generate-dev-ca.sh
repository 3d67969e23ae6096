#!/bin/sh
# A development certificate authority and the certificates of the compose recipe's mutual TLS:
# Temporal's frontend and internode identities, and one client certificate per Temporal client
# (API, worker, admin tools, Web UI). ECDSA P-256, which Temporal (Go), the TypeScript client
# (OpenSSL) and the worker's Rust core (rustls) all accept.
#
#   sh deploy/tls/generate-dev-ca.sh [OUT_DIR]        (default: deploy/secrets/tls)
#
# Existing files are kept, so running it again changes nothing; delete OUT_DIR to start over.
# Production uses the ministry's own CA: put its files under the same names.
set -eu
OUT="${1:-$(dirname "$0")/../secrets/tls}"
DAYS="${QYZMET_TLS_DAYS:-397}"
umask 077
mkdir -p "$OUT"
cd "$OUT"

if [ ! -f ca.pem ]; then
  openssl req -x509 -new -noenc -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -days 1825 \
    -keyout ca-key.pem -out ca.pem -subj "/O=Qyzmet development/CN=Qyzmet development CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

# issue NAME EXTENDED_KEY_USAGE SUBJECT_ALT_NAMES
issue() {
  [ -f "$1.pem" ] && return 0
  openssl req -new -noenc -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout "$1-key.pem" -out "$1.csr" \
    -subj "/O=Qyzmet development/CN=$1" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\nsubjectAltName=%s\n' "$2" "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -set_serial "0x$(openssl rand -hex 16)" \
    -days "$DAYS" -sha256 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

# The frontend answers clients at temporal:7233 (and localhost inside its container).
issue temporal-frontend serverAuth "DNS:temporal,DNS:localhost,IP:127.0.0.1"
# Internode: history, matching and Temporal's own system worker present it to each other and to
# the frontend, so it authenticates both ways.
issue temporal-internode serverAuth,clientAuth "DNS:temporal-internode"
for client in qyzmet-api qyzmet-worker temporal-admin temporal-ui; do
  issue "$client" clientAuth "DNS:$client"
done
for f in ./*.pem; do case "$f" in *-key.pem) ;; *) chmod 0644 "$f" ;; esac; done
echo "TLS material in $(pwd): ca.pem and $(ls ./*-key.pem | wc -l | tr -d ' ') key pairs"
