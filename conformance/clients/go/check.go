package main

import (
	"errors"
	"fmt"
	"reflect"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// same fails unless got and want are deeply equal.
func same(what string, got, want any) error {
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("%s: got %#v, want %#v", what, got, want)
	}
	return nil
}

// firstErr returns the first non-nil error, so that a step can list its
// checks one per line.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// avType names an attribute value's DynamoDB type as the wire format does.
func avType(av types.AttributeValue) string {
	switch av.(type) {
	case *types.AttributeValueMemberS:
		return "S"
	case *types.AttributeValueMemberN:
		return "N"
	case *types.AttributeValueMemberB:
		return "B"
	case *types.AttributeValueMemberSS:
		return "SS"
	case *types.AttributeValueMemberNS:
		return "NS"
	case *types.AttributeValueMemberBS:
		return "BS"
	case *types.AttributeValueMemberM:
		return "M"
	case *types.AttributeValueMemberL:
		return "L"
	case *types.AttributeValueMemberNULL:
		return "NULL"
	case *types.AttributeValueMemberBOOL:
		return "BOOL"
	}
	return fmt.Sprintf("unknown %T", av)
}

// itemTypes maps each attribute of an item to its type name.
func itemTypes(item map[string]types.AttributeValue) map[string]string {
	out := make(map[string]string, len(item))
	for name, av := range item {
		out[name] = avType(av)
	}
	return out
}

// messageTypes is the type each message attribute must come back as.
var messageTypes = map[string]string{"pk": "S", "sk": "S", "status": "S", "n": "N", "body": "S"}

// asMessage unmarshals an item that must be a message. Unmarshalling alone
// would pass over a missing or extra attribute, so the attributes and their
// types are compared first.
func asMessage(item map[string]types.AttributeValue) (message, error) {
	var m message
	if item == nil {
		return m, errors.New("no item")
	}
	if err := same("attribute types", itemTypes(item), messageTypes); err != nil {
		return m, err
	}
	err := attributevalue.UnmarshalMap(item, &m)
	return m, err
}

// asMessages unmarshals a page of items that must all be messages.
func asMessages(items []map[string]types.AttributeValue) ([]message, error) {
	out := make([]message, 0, len(items))
	for i, item := range items {
		m, err := asMessage(item)
		if err != nil {
			return nil, fmt.Errorf("item %d: %v", i, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// sameMessage fails unless item unmarshals to want.
func sameMessage(what string, item map[string]types.AttributeValue, want message) error {
	got, err := asMessage(item)
	if err != nil {
		return fmt.Errorf("%s: %v (item %v)", what, err, item)
	}
	return same(what, got, want)
}

// sameProfile fails unless item has the profile's attributes, each with the
// type written, and values equal to want (sets compared as sets).
func sameProfile(what string, item map[string]types.AttributeValue, want profile) error {
	if item == nil {
		return fmt.Errorf("%s: no item", what)
	}
	if err := same(what+" attribute types", itemTypes(item), profileTypes); err != nil {
		return err
	}
	var got profile
	if err := attributevalue.UnmarshalMap(item, &got); err != nil {
		return fmt.Errorf("%s: %v", what, err)
	}
	return same(what, got.normalized(), want.normalized())
}

// sortKeys lists the sort keys of messages, in their order.
func sortKeys(ms []message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.SK
	}
	return out
}

// apiError fails unless err is the service error code with the message
// DynamoDB gives, and returns it typed as T so callers can look further.
func apiError[T error](what string, err error, code, message string) (T, error) {
	var typed T
	if err == nil {
		return typed, fmt.Errorf("%s: succeeded, want %s", what, code)
	}
	var api smithy.APIError
	if !errors.As(err, &api) {
		return typed, fmt.Errorf("%s: got %v, want the service error %s", what, err, code)
	}
	if api.ErrorCode() != code || api.ErrorMessage() != message {
		return typed, fmt.Errorf("%s: got %s %q, want %s %q",
			what, api.ErrorCode(), api.ErrorMessage(), code, message)
	}
	if !errors.As(err, &typed) {
		return typed, fmt.Errorf("%s: the SDK did not give a %T but %T", what, typed, api)
	}
	return typed, nil
}

// sorted returns a sorted copy.
func sorted(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}

func str(p *string) string { return aws.ToString(p) }
