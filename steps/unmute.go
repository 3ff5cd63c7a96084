package steps

import (
	"context"
	"fmt"

	"github.com/stretchr/testify/assert"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// maxUsersPerCall is how many users one mute or unmute call may name.
var maxUsersPerCall = contract.Default().Limits().UsersPerCall

func (w *World) registerUnmuteSteps(sc stepTable) {
	sc.Given(`^a group "([^"]*)" where users "([^"]*)" are muted$`, func(ctx context.Context, alias, users string) error {
		return w.groupWithMuted(ctx, alias, splitUsers(users))
	})
	sc.Given(`^a group "([^"]*)" where (\d+) users are muted$`, func(ctx context.Context, alias string, n int) error {
		users := make([]string, n)
		for i := range users {
			users[i] = fmt.Sprintf("user%d", i+1)
		}
		return w.groupWithMuted(ctx, alias, users)
	})
	sc.When(`^I unmute users "([^"]*)" in group "([^"]*)"$`, func(ctx context.Context, users, alias string) error {
		return w.unmute(ctx, w.client, alias, splitUsers(users), aliyun.ListRepeated)
	})
	sc.When(`^I unmute users "([^"]*)" in group "([^"]*)" with that key$`, func(ctx context.Context, users, alias string) error {
		return w.unmute(ctx, w.otherClient(), alias, splitUsers(users), aliyun.ListRepeated)
	})
	sc.When(`^I unmute those (\d+) users in group "([^"]*)"$`, func(ctx context.Context, n int, alias string) error {
		return w.unmute(ctx, w.client, alias, w.muted[:n], aliyun.ListRepeated)
	})
	sc.When(`^I unmute those (\d+) users in group "([^"]*)" sent as (repeated|comma|json)$`, func(ctx context.Context, n int, alias, form string) error {
		return w.unmute(ctx, w.client, alias, w.muted[:n], listStyles[form])
	})
	sc.Then(`^in group "([^"]*)" users "([^"]*)" are muted and users "([^"]*)" are not$`, w.mutedAndNot)
	sc.Then(`^nobody is muted in group "([^"]*)"$`, w.nobodyMuted)
	sc.Then(`^(\d+) users are still muted in group "([^"]*)"$`, w.stillMuted)
	sc.Then(`^group "([^"]*)" is not muted as a whole$`, w.notMutedAsWhole)
}

func (w *World) groupWithMuted(ctx context.Context, alias string, users []string) error {
	if err := w.aGroup(ctx, alias); err != nil {
		return err
	}
	for start := 0; start < len(users); start += maxUsersPerCall {
		end := min(start+maxUsersPerCall, len(users))
		req := w.op(contract.OpAddLiveMessageGroupBand, map[string]string{"GroupId": w.group(alias)})
		req.Lists["BannedUsers"] = users[start:end]
		if _, err := w.mustOK(ctx, req); err != nil {
			return err
		}
	}
	w.muted = users
	return nil
}

func (w *World) unmute(ctx context.Context, c *aliyun.Client, alias string, users []string, style aliyun.ListStyle) error {
	req := w.op(contract.OpRemoveLiveMessageGroupBand, map[string]string{"GroupId": w.group(alias)})
	req.Lists["UnbannedUsers"] = users
	req.ListStyle = style
	_, err := w.doWith(ctx, c, req)
	return err
}

// bans reads the mute state of a group.
func (w *World) bans(ctx context.Context, alias string) (all bool, muted map[string]bool, err error) {
	resp, err := w.mustOK(ctx, w.op(contract.OpDescribeLiveMessageGroupBand, map[string]string{"GroupId": w.group(alias)}))
	if err != nil {
		return false, nil, err
	}
	muted = map[string]bool{}
	list, _ := resp.Fields["BannedUserList"].([]any)
	for _, u := range list {
		if s, ok := u.(string); ok {
			muted[s] = true
		}
	}
	all, _ = resp.Fields["IsbannedAll"].(bool)
	return all, muted, nil
}

func (w *World) mutedAndNot(ctx context.Context, alias, yes, no string) error {
	_, muted, err := w.bans(ctx, alias)
	if err != nil {
		return err
	}
	for _, u := range splitUsers(yes) {
		assert.True(w.t(ctx), muted[u], "user %s should still be muted", u)
	}
	for _, u := range splitUsers(no) {
		assert.False(w.t(ctx), muted[u], "user %s should be unmuted", u)
	}
	return nil
}

func (w *World) nobodyMuted(ctx context.Context, alias string) error {
	all, muted, err := w.bans(ctx, alias)
	if err != nil {
		return err
	}
	assert.Empty(w.t(ctx), muted, "nobody should be muted in %s", alias)
	assert.False(w.t(ctx), all, "the whole group should not be muted")
	return nil
}

func (w *World) stillMuted(ctx context.Context, n int, alias string) error {
	_, muted, err := w.bans(ctx, alias)
	if err != nil {
		return err
	}
	assert.Len(w.t(ctx), muted, n, "muted users in %s", alias)
	for _, u := range w.muted {
		assert.True(w.t(ctx), muted[u], "user %s should still be muted", u)
	}
	return nil
}

func (w *World) notMutedAsWhole(ctx context.Context, alias string) error {
	all, _, err := w.bans(ctx, alias)
	if err != nil {
		return err
	}
	assert.False(w.t(ctx), all, "IsbannedAll of %s", alias)
	return nil
}
