// Package dispatch is the domain of Fahrdienst: riders, drivers, trips,
// shuttles, assignments, their rules and errors, travel times, and the read
// and write models that the outer packages exchange (such as the day that
// package planning plans). It imports nothing of ours and does no I/O.
//
// Planning a day lives elsewhere: package solver solves the dial-a-ride
// problem in plain numbers, and package planning turns a day of trips into
// such a problem and its solution back into proposed assignments.
package dispatch
