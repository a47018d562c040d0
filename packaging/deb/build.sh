#!/usr/bin/env bash
# Builds the Debian package of Fahrdienst with dpkg-deb, from the static
# binary: build.sh BINARY VERSION OUTDIR. `make deb` calls it.
set -euo pipefail
bin=$1 version=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
# A release tag (v1.2.3) is its version; anything else (a git hash) sorts
# before every release as 0.0~gitHASH.
if [[ $version =~ ^v?([0-9]+\.[0-9]+.*)$ ]]; then
	version=${BASH_REMATCH[1]//[^A-Za-z0-9.+~]/.}
else
	version="0.0~git${version//[^A-Za-z0-9.+~]/.}"
fi
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"
install -D -m 0755 "$bin" "$root/usr/bin/fahrdienst"
install -D -m 0644 "$here/fahrdienst.service" "$root/lib/systemd/system/fahrdienst.service"
install -D -m 0640 "$here/fahrdienst.env" "$root/etc/fahrdienst/fahrdienst.env"
install -D -m 0644 "$here/README" "$root/usr/share/doc/fahrdienst/README"
install -d -m 0755 "$root/DEBIAN"
for s in postinst prerm postrm; do install -m 0755 "$here/$s" "$root/DEBIAN/$s"; done
echo /etc/fahrdienst/fahrdienst.env > "$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: fahrdienst
Version: $version
Architecture: $arch
Maintainer: Fahrdienst <fahrdienst@localhost>
Installed-Size: $size
Depends: adduser | passwd
Recommends: postgresql
Section: net
Priority: optional
Homepage: https://github.com/fahrdienst/fahrdienst
Description: dispatch service for volunteer ride services for seniors
 One static binary serving the coordinators' pages, the JSON API and the
 background jobs, on PostgreSQL; runs as a hardened systemd service.
CONTROL
mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/fahrdienst_${version}_${arch}.deb" >/dev/null
echo "$out/fahrdienst_${version}_${arch}.deb"
