package dispatch

// polish is the local search that the ALNS applies to every new best
// state: relocations until none improves, then an exchange of route tails
// (exchangeTails), and again, a few rounds at most. Large removals explore;
// this makes sure no single move is left on the table.
func (sr *search) polish(st *state) {
	for round := 0; round < 8; round++ {
		sr.relocate(st)
		if !sr.exchangeTails(st) {
			return
		}
	}
}

// relocate takes each movable task in turn out and puts it back at its
// best position over all shifts, until a full pass finds no improvement.
func (sr *search) relocate(st *state) {
	c := sr.c
	for pass := 0; pass < 4; pass++ {
		improved := false
		tasks := append(sr.order[:0], sr.movable(st)...)
		sr.order = tasks
		sr.rng.Shuffle(len(tasks), func(a, b int) { tasks[a], tasks[b] = tasks[b], tasks[a] })
		for _, task := range tasks {
			before := c.objective(st)
			s := st.where[task]
			if !c.unplace(st, int(task), sr.w) {
				continue
			}
			sr.single[0] = task
			sr.rp.run(st, sr.single[:], 1)
			if st.where[task] != s && c.objective(st) < before-1e-9 {
				improved = true
			}
		}
		if !improved {
			return
		}
	}
}
