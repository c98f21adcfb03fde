package jmzs

import "testing"

func TestRedactGatewayMessage(t *testing.T) {
	const hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	tests := []struct{ name, in, want string }{
		{"Huawei's FAQ example",
			"Incorrect app authentication information: verify signature fail, canonicalRequest:GET|/test/||host:d7da6fe436fb48f2af3c5c2e5b203df7.example.com|x-sdk-date:20230527T015431Z||host;x-sdk-date|" + hash,
			"Incorrect app authentication information: verify signature fail, canonicalRequest:GET|/test/||host:d7da6fe436fb48f2af3c5c2e5b203df7.example.com|x-sdk-date:20230527T015431Z||host;x-sdk-date|" + hash},
		{"query and a custom header",
			"verify signature fail, canonicalRequest:POST|/idcard/validate/|empty=&idCardNo=11010519491231002X&name=%E5%BC%A0%E4%B8%89|content-type:application/json|host:h.example.com|x-phone:13800138000|x-sdk-date:20230527T015431Z||content-type;host;x-phone;x-sdk-date|" + hash,
			"verify signature fail, canonicalRequest:POST|/idcard/validate/|empty=&idCardNo=***&name=***|content-type:application/json|host:h.example.com|x-phone:***|x-sdk-date:20230527T015431Z||content-type;host;x-phone;x-sdk-date|" + hash},
		{"a header value holding '|'",
			"canonicalRequest:POST|/p/|a=1|host:h|x-note:a|b|c|x-sdk-date:20230527T015431Z||host;x-note;x-sdk-date|" + hash,
			"canonicalRequest:POST|/p/|a=***|host:h|x-note:***|x-sdk-date:20230527T015431Z||host;x-note;x-sdk-date|" + hash},
		{"cut short", "canonicalRequest:POST|/p/|idCardNo=11010519491231002X|host:h", "canonicalRequest:POST|/p/|***"},
		{"nothing to mask", "The throttling threshold has been reached", "The throttling threshold has been reached"},
		{"Alibaba Cloud, newlines as #",
			"Invalid Signature, Server StringToSign:POST#application/json##application/x-www-form-urlencoded##x-ca-key:204000000#x-ca-nonce:n-1#x-ca-stage:RELEASE#x-ca-timestamp:1646365291734#/idcard/validate?idCardNo=11010519491231002X&name=张三&flag",
			"Invalid Signature, Server StringToSign:POST#application/json##application/x-www-form-urlencoded##x-ca-key:***#x-ca-nonce:n-1#x-ca-stage:RELEASE#x-ca-timestamp:1646365291734#/idcard/validate?idCardNo=***&name=***&flag"},
		{"Alibaba Cloud, newlines removed",
			"Invalid Signature, Server StringToSign:POSTapplication/jsonx-ca-key:204000000x-ca-nonce:n-1/idcard/validate?name=张&三=x&idCardNo=11010519491231002X",
			"Invalid Signature, Server StringToSign:POSTapplication/jsonx-ca-key:***x-ca-nonce:n-1/idcard/validate?name=***&***&idCardNo=***"},
	}
	for _, tt := range tests {
		if got := redactGatewayMessage(tt.in); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
