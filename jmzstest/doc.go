// Package jmzstest helps test code that uses jmzs-go, without the network.
//
// It offers a fake Huawei API Gateway (Gateway: NewGateway in tests,
// StartGateway elsewhere) that authenticates AppCodes and SDK-HMAC-SHA256
// signatures as APIG does and answers as it does; httpmock responders
// (Responder, GatewayErrorResponder, FixtureResponder); and named response
// bodies for every product and gateway error (Fixture, FixtureNames).
package jmzstest
