// Command imagebuild writes Fahrdienst's OCI container image from a static
// binary, without a container daemon, a registry or a base image: the
// image is an empty base plus one layer holding the binary, the CA
// certificates of the build machine, a passwd entry for the unprivileged
// user it runs as, and its state folder. `make image` runs it. Time-zone
// data is compiled into the binary (-tags timetzdata), so that the image
// needs no /usr/share/zoneinfo.
//
//	go run ./internal/imagebuild -binary bin/fahrdienst-static -layout bin/image -tar bin/fahrdienst-image.tar
package main

import (
	"archive/tar"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The image's fixed places. UID 65532 is the conventional "nonroot" of
// distroless images, so that volume permissions carry over.
const (
	binaryPath = "/usr/local/bin/fahrdienst"
	certsPath  = "/etc/ssl/certs/ca-certificates.crt"
	stateDir   = "/var/lib/fahrdienst"
	uid        = 65532
)

// Options say what goes into the image.
type Options struct {
	Binary  string // the static fahrdienst binary
	Certs   string // a CA bundle (PEM)
	Version string // recorded as a label
}

func main() {
	var o Options
	var layoutDir, tarPath, tag string
	flag.StringVar(&o.Binary, "binary", "bin/fahrdienst-static", "static fahrdienst binary (CGO_ENABLED=0)")
	flag.StringVar(&o.Certs, "certs", certsPath, "CA certificate bundle to include")
	flag.StringVar(&o.Version, "version", "dev", "version label")
	flag.StringVar(&layoutDir, "layout", "", "write an OCI image layout into this folder")
	flag.StringVar(&tarPath, "tar", "", "write a tarball that `docker load` and `podman load` read")
	flag.StringVar(&tag, "tag", "fahrdienst:latest", "the name the tarball carries")
	flag.Parse()
	if err := run(o, layoutDir, tarPath, tag); err != nil {
		fmt.Fprintln(os.Stderr, "imagebuild:", err)
		os.Exit(1)
	}
}

func run(o Options, layoutDir, tarPath, tag string) error {
	if layoutDir == "" && tarPath == "" {
		return errors.New("give -layout or -tar (or both)")
	}
	img, err := Build(o)
	if err != nil {
		return err
	}
	if layoutDir != "" {
		if err := WriteLayout(layoutDir, img); err != nil {
			return err
		}
	}
	if tarPath != "" {
		ref, err := name.NewTag(tag)
		if err != nil {
			return err
		}
		if err := tarball.WriteToFile(tarPath, ref, img); err != nil {
			return err
		}
	}
	return nil
}

// WriteLayout writes img as the only image of a fresh OCI layout in dir.
func WriteLayout(dir string, img v1.Image) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	return p.AppendImage(img)
}

// Build assembles the image: one layer on the empty base, run as the
// unprivileged user, `serve` by default.
func Build(o Options) (v1.Image, error) {
	files, err := rootFiles(o)
	if err != nil {
		return nil, err
	}
	data, err := tarOf(files)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.AppendLayers(base, layer)
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.Architecture, cf.OS = "amd64", "linux"
	cf.Config = v1.Config{
		User:         fmt.Sprintf("%d:%d", uid, uid),
		Entrypoint:   []string{binaryPath},
		Cmd:          []string{"serve"},
		WorkingDir:   stateDir,
		ExposedPorts: map[string]struct{}{"8080/tcp": {}},
		Env: []string{"SSL_CERT_FILE=" + certsPath, "FAHRDIENST_DATA_DIR=" + stateDir,
			"FAHRDIENST_ADDR=:8080", "FAHRDIENST_LOG_FORMAT=json"},
		Labels: map[string]string{"org.opencontainers.image.title": "fahrdienst",
			"org.opencontainers.image.version": o.Version},
	}
	return mutate.ConfigFile(img, cf)
}

// file is one entry of the layer.
type file struct {
	name     string
	mode     int64
	dir      bool
	uid      int
	contents []byte
}

func rootFiles(o Options) ([]file, error) {
	bin, err := os.ReadFile(o.Binary)
	if err != nil {
		return nil, fmt.Errorf("the static binary (make image builds it): %w", err)
	}
	certs, err := os.ReadFile(o.Certs)
	if err != nil {
		return nil, fmt.Errorf("CA certificates (apt-get install ca-certificates): %w", err)
	}
	dirs := []string{"etc", "etc/ssl", "etc/ssl/certs", "usr", "usr/local", "usr/local/bin", "var", "var/lib"}
	var fs []file
	for _, d := range dirs {
		fs = append(fs, file{name: d, mode: 0o755, dir: true})
	}
	return append(fs,
		file{name: "tmp", mode: 0o1777, dir: true},
		file{name: stateDir[1:], mode: 0o700, dir: true, uid: uid},
		file{name: "etc/passwd", mode: 0o644, contents: fmt.Appendf(nil,
			"root:x:0:0:root:/root:/sbin/nologin\nfahrdienst:x:%d:%d:Fahrdienst:%s:/sbin/nologin\n", uid, uid, stateDir)},
		file{name: "etc/group", mode: 0o644, contents: fmt.Appendf(nil, "root:x:0:\nfahrdienst:x:%d:\n", uid)},
		file{name: certsPath[1:], mode: 0o644, contents: certs},
		file{name: binaryPath[1:], mode: 0o755, contents: bin},
	), nil
}

// tarOf writes files as a tar stream with fixed times, so that the same
// inputs make the same layer digest.
func tarOf(files []file) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Mode: f.mode, Uid: f.uid, Gid: f.uid, ModTime: time.Unix(0, 0),
			Typeflag: tar.TypeReg, Size: int64(len(f.contents))}
		if f.dir {
			h.Name += "/"
			h.Typeflag, h.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.contents); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
