//go:build !linux

package main

import (
	"errors"
	"os"
)

var errNoRSS = errors.New("measuring RSS needs Linux's /proc")

func peakRSS(int) (int64, error) { return 0, errNoRSS }

func exitPeakRSS(*os.ProcessState) (int64, error) { return 0, errNoRSS }
