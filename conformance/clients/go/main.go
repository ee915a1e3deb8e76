// Command dynarock-go-client plays the client scenario (../SCENARIO.md)
// through the AWS SDK for Go v2 against the dynarock at $DYNAROCK_URL, once
// per way of pointing the SDK at an endpoint. It prints one line per step
// that passed and stops at the first answer that differs from DynamoDB's.
//
//	DYNAROCK_URL=http://127.0.0.1:8000 dynarock-go-client [WAY...]
//
// WAY is env, profile or code; all three when none is named.
package main

import (
	"context"
	"fmt"
	"os"
	"time"
)

const tablePrefix = "go-sdk"

// One way's scenario may take this long at most: a hung call fails the run
// instead of stalling it.
const wayTimeout = 3 * time.Minute

func main() {
	url := os.Getenv("DYNAROCK_URL")
	if url == "" {
		fmt.Fprintln(os.Stderr, "DYNAROCK_URL is not set (run me through ../with-dynarock)")
		os.Exit(2)
	}
	chosen, err := chooseWays(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	passed := 0
	for _, w := range chosen {
		n, err := play(w, url)
		passed += n
		if err != nil {
			fmt.Printf("FAIL %v\n", err)
			fmt.Printf("%d passed, 1 failed\n", passed)
			os.Exit(1)
		}
	}
	fmt.Printf("%d passed, 0 failed\n", passed)
}

func chooseWays(names []string) ([]way, error) {
	if len(names) == 0 {
		return ways, nil
	}
	var out []way
	for _, name := range names {
		found := false
		for _, w := range ways {
			if w.name == name {
				out, found = append(out, w), true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown way %q (env, profile, code)", name)
		}
	}
	return out, nil
}

// play runs every step of the scenario with the clients way w makes, and
// returns how many passed.
func play(w way, url string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), wayTimeout)
	defer cancel()
	c, done, err := w.connect(ctx, url)
	if err != nil {
		return 0, fmt.Errorf("%s: configuring the SDK: %v", w.name, err)
	}
	defer done()
	s := &scenario{clients: c, table: tablePrefix + "-" + w.name, started: time.Now()}
	for i, st := range steps {
		start := time.Now()
		if err := st.run(ctx, s); err != nil {
			return i, fmt.Errorf("%s step %d (%s): %v", w.name, i+1, st.name, err)
		}
		fmt.Printf("ok   %-7s %d %-18s %s (%d ms)\n",
			w.name, i+1, st.name, st.checks, time.Since(start).Milliseconds())
	}
	return len(steps), nil
}
