// Package mock is a faithful, stateful, in-memory emulator of the Live
// interactive-messaging API: mock.New(cfg) is an http.Handler and
// mock.NewServer starts one on a free loopback port for any Go test. It
// validates requests and shapes answers from the contract, verifies v1 and
// v3 signatures, throttles per account and operation, and has an admin API
// under /_mock/ (clock, reset, faults, keys, request and event logs,
// members).
package mock
