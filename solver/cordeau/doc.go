// Package cordeau reads the dial-a-ride benchmark instances of Cordeau
// (2006), solves them with package solver under the benchmark's objective
// (distance only), and checks solutions independently of the solver, so
// that a bug in the solver cannot also hide in its own judgement: check.go
// recomputes schedules, loads, ride times and cost from the instance file
// alone. The command "fahrdienst darp solve|bench" runs it over the
// instances in shared/darp/cordeau.
package cordeau
