package notify

import "mime"

var mimeEncoder = mime.BEncoding
