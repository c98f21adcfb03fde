// Package shipping is a small service that tracks parcels through the
// 聚美智数 express API (快递查询【最新版】 on Huawei KooGallery). It is an
// example of code built on jmzs-go; shipping_test.go shows how its authors
// test it with the SDK's kit, jmzstest.
package shipping

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
)

// DefaultEndpoint is the express API on Huawei KooGallery.
const DefaultEndpoint = "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"

// ErrNoTrackingData means the courier has no events for the parcel yet
// (the vendor's business code 701).
var ErrNoTrackingData = errors.New("shipping: no tracking data yet")

// Tracker looks parcels up.
type Tracker struct {
	client   *jmzs.Client
	endpoint string
}

// NewTracker returns a Tracker that calls endpoint, or DefaultEndpoint
// when endpoint is empty. Tests pass a fake gateway's URL.
func NewTracker(client *jmzs.Client, endpoint string) *Tracker {
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	return &Tracker{client: client, endpoint: endpoint}
}

// Parcel is where a parcel is.
type Parcel struct {
	Number    string
	Courier   string // e.g. 顺丰速运
	Status    string // e.g. SIGN, TRANSPORT
	Delivered bool
	Events    []Event // oldest first, as the API sends them
}

// Event is one step of a parcel's journey.
type Event struct {
	Time        time.Time
	Place       string
	Description string
}

// expressData is the part of the API's answer this service reads.
type expressData struct {
	Number             string `json:"number"`
	ExpressCompanyName string `json:"expressCompanyName"`
	LogisticsStatus    string `json:"logisticsStatus"`
	Details            []struct {
		Time     int64  `json:"time"` // epoch milliseconds
		Desc     string `json:"desc"`
		AreaName string `json:"areaName"`
	} `json:"logisticsTraceDetails"`
}

// Track looks up the parcel number with the courier code (SF, ZTO, …).
// SF, KD and ZTO also want the receiver's or sender's phone number or
// its last four digits.
func (t *Tracker) Track(ctx context.Context, number, courier, phone string) (*Parcel, error) {
	q := url.Values{"number": {number}, "expressCode": {courier}}
	if phone != "" {
		q.Set("mobile", phone)
	}
	resp, err := jmzs.Do[expressData](ctx, t.client, &jmzs.Request{URL: t.endpoint, Query: q})
	if apiErr := (*jmzs.APIError)(nil); errors.As(err, &apiErr) && apiErr.Code == 701 {
		return nil, fmt.Errorf("%w for %s", ErrNoTrackingData, number)
	}
	if err != nil {
		return nil, fmt.Errorf("shipping: tracking %s: %w", number, err)
	}
	d := resp.Data
	p := &Parcel{Number: d.Number, Courier: d.ExpressCompanyName, Status: d.LogisticsStatus, Delivered: d.LogisticsStatus == "SIGN"}
	for _, e := range d.Details {
		p.Events = append(p.Events, Event{Time: time.UnixMilli(e.Time), Place: e.AreaName, Description: e.Desc})
	}
	return p, nil
}
