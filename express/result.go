package express

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
)

// Status is a logistics status ("logisticsStatus").
type Status string

// Statuses documented for the Huawei API in the express guide of
// github.com/william23374/express-tracker
// (docs/HUAWEI_CLOUD_EXPRESS_API_GUIDE.md).
const (
	StatusAccept     Status = "ACCEPT"
	StatusCollect    Status = "COLLECT"
	StatusTransport  Status = "TRANSPORT"
	StatusOnTheWay   Status = "ON_THE_WAY"
	StatusDelivering Status = "DELIVERING"
	StatusSign       Status = "SIGN"
	StatusFailed     Status = "FAILED"
	StatusReturn     Status = "RETURN"
)

// Result is a waybill's tracking record.
type Result struct {
	Number      string `json:"number"`
	ExpressCode string `json:"expressCode"`
	// CompanyName is the courier's name, e.g. 顺丰速运.
	CompanyName string `json:"expressCompanyName"`
	Status      Status `json:"logisticsStatus"`
	// StatusDesc describes Status in Chinese, e.g. 已签收.
	StatusDesc string  `json:"logisticsStatusDesc"`
	Traces     []Trace `json:"logisticsTraceDetails"`
}

// Trace is one event in a waybill's history.
type Trace struct {
	Time     time.Time // sent as epoch milliseconds
	Desc     string
	AreaName string
	Status   Status
}

type traceJSON struct {
	Time     jmzs.Number `json:"time"`
	Desc     string      `json:"desc"`
	AreaName string      `json:"areaName"`
	Status   Status      `json:"logisticsStatus"`
}

// UnmarshalJSON reads the vendor's form, whose time is epoch milliseconds
// as a number or numeric string.
func (t *Trace) UnmarshalJSON(b []byte) error {
	var v traceJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*t = Trace{Desc: v.Desc, AreaName: v.AreaName, Status: v.Status}
	if v.Time != "" {
		ms, err := v.Time.Int64()
		if err != nil {
			return err
		}
		t.Time = time.UnixMilli(ms)
	}
	return nil
}

// MarshalJSON writes the vendor's form, so a Result survives a round trip.
func (t Trace) MarshalJSON() ([]byte, error) {
	v := traceJSON{Desc: t.Desc, AreaName: t.AreaName, Status: t.Status}
	if !t.Time.IsZero() {
		v.Time = jmzs.Number(strconv.FormatInt(t.Time.UnixMilli(), 10))
	}
	return json.Marshal(v)
}

// DiscernResult lists the couriers a waybill number may belong to.
type DiscernResult struct {
	Details []Candidate `json:"details"`
}

// Candidate is one courier a waybill number may belong to. Only
// expressCode is documented; other fields the vendor sends are in
// Response.Raw.
type Candidate struct {
	ExpressCode string `json:"expressCode"`
}
