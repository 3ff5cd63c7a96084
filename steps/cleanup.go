package steps

import (
	"context"
	"errors"
	"fmt"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Settlement is what reading back the groups a journal had not settled
// found, and what a cleanup did with them. Only Left and Unknown may be
// on the account.
type Settlement struct {
	Deleted      []Group // active when read back, deleted, then read back deleted (Cleanup only)
	Left         []Group // read back active: on the account
	Unknown      []Group // no answer to read them back: they may be on the account
	Gone         int     // deleted before (a delete whose answer was lost), or purged
	NeverCreated int     // maybe created, read back absent: never made
}

// Found is how many groups were, or may be, on the account when read back.
func (s *Settlement) Found() int { return len(s.Deleted) + len(s.Left) + len(s.Unknown) }

// Settle reads back every group the journal shows as created or maybe
// created and not deleted, records what it found in the journal, and says
// which groups are really on the account. It deletes nothing: that is
// Cleanup's. A journal with nothing unsettled costs no call; one that
// cannot be read or written is an error with no Settlement.
func Settle(ctx context.Context, c *aliyun.Client, path string) (*Settlement, error) {
	return settle(ctx, c, path, false)
}

// Cleanup deletes every group the journal shows as created or maybe
// created and not deleted, and reads each back before and after: a delete
// alone proves nothing, since the service answers one with success also
// for a group that does not exist. A group is counted deleted only when
// it was read back active, then deleted; one already deleted (its delete
// answer was lost) is Gone, one maybe created and read back absent was
// never made. Every finding is recorded in the journal. The error joins
// what kept groups in Left or Unknown; a journal that cannot be read or
// written is an error with no Settlement.
func Cleanup(ctx context.Context, c *aliyun.Client, path string) (*Settlement, error) {
	return settle(ctx, c, path, true)
}

func settle(ctx context.Context, c *aliyun.Client, path string, del bool) (*Settlement, error) {
	groups, err := Unresolved(path)
	if err != nil {
		return nil, err
	}
	res := &Settlement{}
	if len(groups) == 0 {
		return res, nil
	}
	j, err := OpenJournal(path)
	if err != nil {
		return nil, err
	}
	defer j.Close()
	s := &settler{c: c, pacer: newPacer()}
	var errs []error
	for _, g := range groups {
		p, err := readBack(ctx, s, g.AppID, g.GroupID)
		if p == PresenceActive && del {
			derr := sendDelete(ctx, s, g)
			switch p, err = readBack(ctx, s, g.AppID, g.GroupID); p {
			case PresenceDeleted, PresenceAbsent:
				res.Deleted = append(res.Deleted, g)
				j.readBack(g, PresenceDeleted)
				continue
			case PresenceActive:
				err = fmt.Errorf("%s/%s is still active after its delete", g.AppID, g.GroupID)
			}
			err = errors.Join(derr, err)
		}
		j.readBack(g, p)
		switch {
		case p == PresenceActive:
			res.Left = append(res.Left, g)
		case p == PresenceUnknown:
			res.Unknown = append(res.Unknown, g)
		case p == PresenceAbsent && g.State == StateMaybe:
			res.NeverCreated++
		default:
			res.Gone++
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return res, errors.Join(errs...)
}

// sendDelete deletes a group; its error says why one read back active
// afterwards was not deleted.
func sendDelete(ctx context.Context, s *settler, g Group) error {
	resp, err := s.call(ctx, aliyun.Request{Action: contract.OpDeleteLiveMessageGroup,
		Params: map[string]string{"AppId": g.AppID, "GroupId": g.GroupID}})
	switch {
	case err != nil:
		return fmt.Errorf("delete %s/%s: %w", g.AppID, g.GroupID, err)
	case !resp.OK():
		return fmt.Errorf("delete %s/%s: %d %s", g.AppID, g.GroupID, resp.Status, resp.Code)
	}
	return nil
}
