// Package mock is a faithful, stateful, in-memory emulator of the Live
// interactive-messaging API: mock.New(cfg) is an http.Handler, and
// mock.NewTestServer(t) starts one on a free loopback port for any Go test,
// seeded (WithApps), controlled from Go (ArmFault, SetQPS, Clock, Reset),
// with a ready client (Client) and a host for the official SDKs (Host). It
// validates requests and shapes answers from the contract, verifies v1 and
// v3 signatures, throttles per account and operation, and has an admin API
// under /_mock/ (clock, reset, faults, keys, request and event logs,
// members), and limits and timeouts that keep it up under hostile clients.
//
// This package is the wire; the state lives in package mock/store, which
// knows nothing of HTTP (Emulator.Store returns it).
package mock
