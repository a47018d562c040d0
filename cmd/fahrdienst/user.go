package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/fahrdienst/fahrdienst/auth"
	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
)

// userAdd creates an account: `fahrdienst user add --email E --role
// coordinator|relative [--rider ID ...] [--name N]`, with the password as
// the first line of stdin, so that it never shows in the process list or
// the shell history.
func userAdd(ctx context.Context, cfg config, log *slog.Logger, args []string, stdin io.Reader, out io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.Join(errUsage, errors.New("usage: fahrdienst user add --email E --role coordinator|relative [--rider ID] < password"))
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(out)
	email := fs.String("email", "", "the email to log in with")
	role := fs.String("role", "", "coordinator or relative")
	name := fs.String("name", "", "the name shown in the service")
	var riders riderIDs
	fs.Var(&riders, "rider", "a rider the relative books for (repeatable)")
	if err := fs.Parse(args[1:]); err != nil {
		return errors.Join(errUsage, err)
	}
	switch {
	case !strings.Contains(*email, "@"):
		return configError{"--email must be an email address"}
	case *role != dispatch.RoleCoordinator && *role != dispatch.RoleRelative:
		return configError{"--role must be coordinator or relative"}
	case *role == dispatch.RoleRelative && len(riders) == 0:
		return configError{"a relative needs at least one --rider"}
	case *role == dispatch.RoleCoordinator && len(riders) > 0:
		return configError{"--rider is for relatives only"}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading the password: %w", err)
	}
	hash, err := auth.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return configError{err.Error()}
	}
	pool, stop, err := openPool(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer stop()
	st := store.New(pool, store.Options{Location: cfg.Location})
	a, err := st.CreateAccount(ctx, dispatch.Actor{Name: "fahrdienst user add"},
		dispatch.Account{Email: *email, Role: *role, Name: *name, RiderIDs: riders}, hash)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "account %d created (%s)\n", a.ID, a.Role)
	return nil
}

// riderIDs collects repeated --rider flags.
type riderIDs []int64

func (r *riderIDs) String() string { return fmt.Sprint(*r) }

func (r *riderIDs) Set(v string) error {
	var id int64
	if _, err := fmt.Sscan(v, &id); err != nil || id <= 0 {
		return fmt.Errorf("not a rider id: %q", v)
	}
	*r = append(*r, id)
	return nil
}
