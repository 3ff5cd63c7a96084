package load

// The throttle budget at a distance. Whatever is sent goes out blind for
// a round trip and its spread (blindTime): every request in flight may
// come back throttled, so the probe counts it against the budget before
// it sends (maybeThrottled), and sends only what the budget left covers:
//   - before the first throttle, nothing is known: the onset's rate is
//     capped so that a blind time of it fits the budget (blindRate), and
//     it sends nothing while what is in flight would spend the budget
//     (onsetPhase.step);
//   - after it, a phase that sends singly or at a rate (tail, pilots)
//     stops the probe once what is in flight would spend the budget;
//   - a train of the far cycles is sized from what the limiter served
//     before, and counts only its planned excess at risk: what it sends
//     over the credit it expects, and the refill checks still to follow
//     it (planned and not yet sent too, so the probe stops before a
//     train it cannot afford), until more of it came back throttled than
//     planned: the limiter may not be what the train was sized for (a
//     long window read as a second's, a provider that stopped serving),
//     and from then on every request in flight is at risk
//     (farCyclesPhase.atRisk). A gap train
//     counts its planned excess (gapsPhase.atRisk), the first one a
//     bucket well under the documented rate (GapFirstRiskShare), and is
//     not sent when that would overspend.
