package main

import (
	"fmt"
	"sort"
)

// message is one of the 25 items under pk=user#1 (and the item the
// transaction writes under user#3). The attributevalue package marshals and
// unmarshals it through its dynamodbav tags.
type message struct {
	PK     string `dynamodbav:"pk"`
	SK     string `dynamodbav:"sk"`
	Status string `dynamodbav:"status"`
	N      int    `dynamodbav:"n"`
	Body   string `dynamodbav:"body"`
}

// address becomes a map (M) inside the profile.
type address struct {
	City   string `dynamodbav:"city"`
	Zip    string `dynamodbav:"zip"`
	Floors []int  `dynamodbav:"floors"`
}

// profile carries one attribute of every other type DynamoDB has, so that a
// round trip shows each one kept as written.
type profile struct {
	PK       string    `dynamodbav:"pk"`
	SK       string    `dynamodbav:"sk"`
	Address  address   `dynamodbav:"address"`          // M
	Visits   []any     `dynamodbav:"visits"`           // L, of mixed types
	Tags     []string  `dynamodbav:"tags,stringset"`   // SS
	Scores   []float64 `dynamodbav:"scores,numberset"` // NS
	Active   bool      `dynamodbav:"active"`           // BOOL
	Nickname *string   `dynamodbav:"nickname"`         // NULL: a nil pointer marshals as NULL
	Avatar   []byte    `dynamodbav:"avatar"`           // B
}

// profileTypes is the type each profile attribute must come back as.
var profileTypes = map[string]string{
	"pk": "S", "sk": "S", "address": "M", "visits": "L", "tags": "SS",
	"scores": "NS", "active": "BOOL", "nickname": "NULL", "avatar": "B",
}

const messageCount = 25

func statusOf(i int) string {
	if i%2 == 0 {
		return "open"
	}
	return "closed"
}

func sortKey(i int) string { return fmt.Sprintf("msg#%02d", i) }

// writtenMessage is message i as step 2 writes it.
func writtenMessage(i int) message {
	return message{
		PK:     "user#1",
		SK:     sortKey(i),
		Status: statusOf(i),
		N:      i,
		Body:   fmt.Sprintf("message number %d", i),
	}
}

func writtenMessages() []message {
	out := make([]message, messageCount)
	for i := range out {
		out[i] = writtenMessage(i)
	}
	return out
}

// updatedMessage00 is msg#00 after step 6's UpdateItem.
func updatedMessage00() message {
	m := writtenMessage(0)
	m.Status = "closed"
	m.N++
	return m
}

const transactionBody = "rewritten in a transaction"

// updatedMessage01 is msg#01 after step 7's transaction.
func updatedMessage01() message {
	m := writtenMessage(1)
	m.Body = transactionBody
	return m
}

// transactionItem is the item step 7's transaction puts.
func transactionItem() message {
	return message{PK: "user#3", SK: "a", Status: "new", N: 3, Body: "put in a transaction"}
}

func writtenProfile() profile {
	return profile{
		PK:       "user#2",
		SK:       "profile",
		Address:  address{City: "Lisbon", Zip: "1100-148", Floors: []int{0, 3}},
		Visits:   []any{"home", 42.5, true, []any{"nested", float64(7)}},
		Tags:     []string{"admin", "beta", "émoji-✓"},
		Scores:   []float64{1, 2.5, -3, 1000000, 0.001},
		Active:   true,
		Nickname: nil,
		Avatar:   []byte{0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff},
	}
}

// normalized sorts a profile's sets: DynamoDB keeps a set's members in no
// particular order, so sets are compared as sets.
func (p profile) normalized() profile {
	p.Tags = append([]string(nil), p.Tags...)
	p.Scores = append([]float64(nil), p.Scores...)
	sort.Strings(p.Tags)
	sort.Float64s(p.Scores)
	return p
}
