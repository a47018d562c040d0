// Package migrations holds the SQL migrations of Fahrdienst, embedded in the
// binary so that `fahrdienst migrate up` needs no files next to it. Files are
// applied in the order of their names, each once, recorded by name.
package migrations

import "embed"

// FS holds the migration files (NNNN_name.sql).
//
//go:embed *.sql
var FS embed.FS
