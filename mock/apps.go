package mock

import (
	"strconv"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// The operations on apps: make one, read it, list them, change its
// audit, callback and disabled settings; their handlers and answers.

func (e *Emulator) createApp(c call) (createAppAnswer, *contract.Error) {
	p := c.params
	a, err := e.store.CreateApp(store.AppSpec{Name: p.Get("AppName"), DataCenter: p.Get("DataCenter"),
		Owner: c.key.Account, MsgLifeCycle: int(p.Int("MsgLifeCycle", 0)),
		Settings: store.AppSettings{AuditType: int(p.Int("AuditType", 0)), AuditURL: p.Get("AuditUrl"), CallbackURL: p.Get("EventCallbackUrl")}})
	if err != nil {
		return createAppAnswer{}, e.storeError(err, "app")
	}
	return createAppAnswer{AppID: a.ID, AppKey: a.Key, AppSign: a.Sign, DataCenter: a.DataCenter}, nil
}

func (e *Emulator) describeApp(c call) (describeAppAnswer, *contract.Error) {
	d, err := e.store.AppDetails(c.params.Get("AppId"))
	if err != nil {
		return describeAppAnswer{}, e.storeError(err, "app")
	}
	a := describeAppAnswer{AppID: d.ID, AppName: d.Name, AppKey: d.Key, AppSign: d.Sign,
		AuditType: d.AuditType, EventCallbackURL: d.CallbackURL, Disable: d.Disabled,
		CreateTime: contract.SecondsOf(d.CreatedAt), ModifyTime: contract.SecondsOf(d.ModifiedAt),
		MsgLifeCycle: d.MsgLifeCycle, DataCenter: d.DataCenter}
	if d.AuditType == 2 { // "returned when the value of AuditType is 2" ([meta])
		a.AuditURL = new(d.AuditURL)
	}
	return a, nil
}

func (e *Emulator) listApps(c call) (listAppsAnswer, *contract.Error) {
	p := c.params
	// An empty NextPageToken, or -1, is the first page ([meta]).
	page, next, more := e.store.ListApps(c.key.Account, p.Get("DataCenter"), int(p.Int("SortType", 1)),
		int(max(p.Int("NextPageToken", 0), 0)), e.c.Limits().AppPageSize)
	list := make([]appSummary, 0, len(page))
	for _, d := range page {
		list = append(list, appSummary{AppID: d.ID, AppKey: d.Key, AppSign: d.Sign,
			Disable: strconv.FormatBool(d.Disabled), // a string in this list ([meta], [sdk1])
			AppName: d.Name, CreateTime: contract.SecondsOf(d.CreatedAt), ModifyTime: contract.SecondsOf(d.ModifiedAt),
			MsgLifeCycle: d.MsgLifeCycle, DataCenter: d.DataCenter})
	}
	a := listAppsAnswer{HasMore: more, AppList: list}
	if more {
		a.NextPageToken = new(int64(next))
	}
	return a, nil
}

func (e *Emulator) modifyAudit(c call) (modifyAuditAnswer, *contract.Error) {
	p := c.params
	d, err := e.store.ModifyApp(p.Get("AppId"), func(s *store.AppSettings) {
		if p.Has("AuditType") {
			s.AuditType = int(p.Int("AuditType", 0))
		}
		if p.Has("AuditUrl") {
			s.AuditURL = p.Get("AuditUrl")
		}
	})
	if err != nil {
		return modifyAuditAnswer{}, e.storeError(err, "app")
	}
	a := modifyAuditAnswer{AppID: d.ID, AppSign: d.Sign, AuditType: d.AuditType,
		// "If custom content moderation is used, the value of this
		// parameter is true by default" ([meta]).
		AuditNeedAuthentication: d.AuditType == 2}
	if d.AuditType == 2 {
		a.AuditURL = new(d.AuditURL)
	}
	return a, nil
}

func (e *Emulator) modifyCallback(c call) (modifyCallbackAnswer, *contract.Error) {
	p := c.params
	d, err := e.store.ModifyApp(p.Get("AppId"), func(s *store.AppSettings) { s.CallbackURL = p.Get("EventCallbackUrl") })
	if err != nil {
		return modifyCallbackAnswer{}, e.storeError(err, "app")
	}
	// "Default value: true" ([meta]).
	a := modifyCallbackAnswer{AppID: d.ID, AppSign: d.Sign, EventCallbackNeedAuthentication: true}
	if d.CallbackURL != "" { // "not returned if it has an empty value" ([meta])
		a.EventCallbackURL = new(d.CallbackURL)
	}
	return a, nil
}

func (e *Emulator) modifyDisable(c call) (modifyDisableAnswer, *contract.Error) {
	p := c.params
	d, err := e.store.ModifyApp(p.Get("AppId"), func(s *store.AppSettings) { s.Disabled = p.Bool("Disable") })
	if err != nil {
		return modifyDisableAnswer{}, e.storeError(err, "app")
	}
	return modifyDisableAnswer{AppID: d.ID, AppSign: d.Sign, Disable: d.Disabled}, nil
}

type createAppAnswer struct {
	AppID      string `json:"AppId"`
	AppKey     string `json:"AppKey"`
	AppSign    string `json:"AppSign"`
	DataCenter string `json:"DataCenter"`
}

type describeAppAnswer struct {
	AppID            string               `json:"AppId"`
	AppName          string               `json:"AppName"`
	AppKey           string               `json:"AppKey"`
	AppSign          string               `json:"AppSign"`
	AuditType        int                  `json:"AuditType"`
	AuditURL         *string              `json:"AuditUrl,omitempty"` // when AuditType is 2
	EventCallbackURL string               `json:"EventCallbackUrl"`
	Disable          bool                 `json:"Disable"`
	CreateTime       contract.UnixSeconds `json:"CreateTime"`
	ModifyTime       contract.UnixSeconds `json:"ModifyTime"`
	MsgLifeCycle     int                  `json:"MsgLifeCycle"`
	DataCenter       string               `json:"DataCenter"`
}

type appSummary struct {
	AppID        string               `json:"AppId"`
	AppKey       string               `json:"AppKey"`
	AppSign      string               `json:"AppSign"`
	Disable      string               `json:"Disable"` // a string in this list ([meta], [sdk1])
	AppName      string               `json:"AppName"`
	CreateTime   contract.UnixSeconds `json:"CreateTime"`
	ModifyTime   contract.UnixSeconds `json:"ModifyTime"`
	MsgLifeCycle int                  `json:"MsgLifeCycle"`
	DataCenter   string               `json:"DataCenter"`
}

type listAppsAnswer struct {
	HasMore       bool         `json:"HasMore"`
	NextPageToken *int64       `json:"NextPageToken,omitempty"` // when there is more
	AppList       []appSummary `json:"AppList"`
}

type modifyAuditAnswer struct {
	AppID                   string  `json:"AppId"`
	AppSign                 string  `json:"AppSign"`
	AuditType               int     `json:"AuditType"`
	AuditURL                *string `json:"AuditUrl,omitempty"` // when AuditType is 2
	AuditNeedAuthentication bool    `json:"AuditNeedAuthentication"`
}

type modifyCallbackAnswer struct {
	AppID                           string  `json:"AppId"`
	AppSign                         string  `json:"AppSign"`
	EventCallbackURL                *string `json:"EventCallbackUrl,omitempty"` // "not returned if it has an empty value"
	EventCallbackNeedAuthentication bool    `json:"EventCallbackNeedAuthentication"`
}

type modifyDisableAnswer struct {
	AppID   string `json:"AppId"`
	AppSign string `json:"AppSign"`
	Disable bool   `json:"Disable"`
}
