// Package deb holds the Debian packaging of Fahrdienst (build.sh, the
// systemd unit, the environment file and the maintainer scripts) and the
// test that builds the package and checks it; it has no code of its own.
package deb
