package web_test

import (
	"strconv"

	"giaoban/internal/sqlstore"
)

type apptestDB = sqlstore.DB

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
