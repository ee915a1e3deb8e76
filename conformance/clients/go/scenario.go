package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// scenario is one play of the steps, by one way, on its own table.
type scenario struct {
	clients
	table     string
	started   time.Time
	streamArn string // LatestStreamArn, from step 1
}

type step struct {
	name   string
	checks string // what a pass shows, for the "ok" line
	run    func(context.Context, *scenario) error
}

var steps = []step{
	{"create table", "CREATING, waiter, ACTIVE with GSI by-status and a stream", createTable},
	{"write", "BatchWriteItem of 25 messages, PutItem of every type", writeItems},
	{"read", "GetItem: all types round-trip, consistent read, missing key", readItems},
	{"query", "begins_with, descending, filter n > 15, GSI status = open", queryItems},
	{"paginate", "Query paginator 7 pages of Limit 4, Scan paginator 26 items", paginate},
	{"conditional update", "UpdateItem ALL_NEW, then ConditionalCheckFailedException", conditionalUpdate},
	{"transaction", "TransactWriteItems, cancelled [None ConditionalCheckFailed], TransactGetItems", transaction},
	{"stream", "DescribeStream, TRIM_HORIZON, INSERT/MODIFY records with keys and both images", readStream},
	{"delete", "DeleteItem ALL_OLD, conditional delete fails, DeleteTable, waiter, ListTables", deleteAll},
}

const gsiName = "by-status"

// Waiters poll every 20 s or more by default, DynamoDB's pace; locally a
// table changes state within a second or two.
func fastWaiter(minDelay, maxDelay *time.Duration) {
	*minDelay, *maxDelay = 200*time.Millisecond, 2*time.Second
}

// keyOf is an item's primary key, marshalled with attributevalue like the items.
type keyOf struct {
	PK string `dynamodbav:"pk"`
	SK string `dynamodbav:"sk"`
}

func itemKey(pk, sk string) map[string]types.AttributeValue {
	key, err := attributevalue.MarshalMap(keyOf{pk, sk})
	if err != nil {
		panic(err) // two strings always marshal
	}
	return key
}

func keySchema(hash, rang string) []types.KeySchemaElement {
	return []types.KeySchemaElement{
		{AttributeName: aws.String(hash), KeyType: types.KeyTypeHash},
		{AttributeName: aws.String(rang), KeyType: types.KeyTypeRange},
	}
}

// keyNames renders a key schema as "pk HASH", "sk RANGE" for comparisons.
func keyNames(schema []types.KeySchemaElement) []string {
	var out []string
	for _, k := range schema {
		out = append(out, str(k.AttributeName)+" "+string(k.KeyType))
	}
	return out
}

// Step 1.

func createTable(ctx context.Context, s *scenario) error {
	typeS := types.ScalarAttributeTypeS
	out, err := s.db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String(s.table),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: typeS},
			{AttributeName: aws.String("sk"), AttributeType: typeS},
			{AttributeName: aws.String("status"), AttributeType: typeS},
		},
		KeySchema: keySchema("pk", "sk"),
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:  aws.String(gsiName),
			KeySchema:  keySchema("status", "sk"),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
		StreamSpecification: &types.StreamSpecification{
			StreamEnabled:  aws.Bool(true),
			StreamViewType: types.StreamViewTypeNewAndOldImages,
		},
		BillingMode: types.BillingModePayPerRequest,
	})
	if err != nil {
		return fmt.Errorf("CreateTable: %v", err)
	}
	// DynamoDB answers before the table is usable, and the waiter is how a
	// client learns when it is.
	if err := same("CreateTable TableStatus", out.TableDescription.TableStatus, types.TableStatusCreating); err != nil {
		return err
	}
	waiter := dynamodb.NewTableExistsWaiter(s.db, func(o *dynamodb.TableExistsWaiterOptions) {
		fastWaiter(&o.MinDelay, &o.MaxDelay)
	})
	if err := waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(s.table)}, time.Minute); err != nil {
		return fmt.Errorf("TableExists waiter: %v", err)
	}
	described, err := s.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(s.table)})
	if err != nil {
		return fmt.Errorf("DescribeTable: %v", err)
	}
	if err := checkDescription(s.table, described.Table); err != nil {
		return err
	}
	s.streamArn = str(described.Table.LatestStreamArn)
	return nil
}

// checkDescription checks what DescribeTable says of the ready table.
func checkDescription(table string, t *types.TableDescription) error {
	if t == nil {
		return errors.New("DescribeTable: no Table")
	}
	if len(t.GlobalSecondaryIndexes) != 1 {
		return fmt.Errorf("DescribeTable: %d GSIs, want 1", len(t.GlobalSecondaryIndexes))
	}
	gsi := t.GlobalSecondaryIndexes[0]
	var mode types.BillingMode
	if t.BillingModeSummary != nil {
		mode = t.BillingModeSummary.BillingMode
	}
	var stream types.StreamSpecification
	if t.StreamSpecification != nil {
		stream = *t.StreamSpecification
	}
	var projection types.ProjectionType
	if gsi.Projection != nil {
		projection = gsi.Projection.ProjectionType
	}
	arn, label := str(t.LatestStreamArn), str(t.LatestStreamLabel)
	// A stream ARN is the table's ARN, /stream/, and the stream's label.
	if label == "" || !strings.HasSuffix(arn, ":table/"+table+"/stream/"+label) {
		return fmt.Errorf("DescribeTable: LatestStreamArn %q with LatestStreamLabel %q", arn, label)
	}
	return firstErr(
		same("TableName", str(t.TableName), table),
		same("TableStatus", t.TableStatus, types.TableStatusActive),
		same("KeySchema", keyNames(t.KeySchema), []string{"pk HASH", "sk RANGE"}),
		same("BillingModeSummary.BillingMode", mode, types.BillingModePayPerRequest),
		same("GSI IndexName", str(gsi.IndexName), gsiName),
		same("GSI IndexStatus", gsi.IndexStatus, types.IndexStatusActive),
		same("GSI KeySchema", keyNames(gsi.KeySchema), []string{"status HASH", "sk RANGE"}),
		same("GSI Projection", projection, types.ProjectionTypeAll),
		same("StreamSpecification.StreamEnabled", aws.ToBool(stream.StreamEnabled), true),
		same("StreamSpecification.StreamViewType", stream.StreamViewType, types.StreamViewTypeNewAndOldImages),
	)
}

// Step 2.

func writeItems(ctx context.Context, s *scenario) error {
	var requests []types.WriteRequest
	for _, m := range writtenMessages() {
		item, err := attributevalue.MarshalMap(m)
		if err != nil {
			return err
		}
		requests = append(requests, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	if err := batchWrite(ctx, s.db, s.table, requests); err != nil {
		return err
	}
	item, err := attributevalue.MarshalMap(writtenProfile())
	if err != nil {
		return err
	}
	out, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: item})
	if err != nil {
		return fmt.Errorf("PutItem user#2/profile: %v", err)
	}
	// Without ReturnValues, PutItem returns no attributes.
	return same("PutItem Attributes", out.Attributes, map[string]types.AttributeValue(nil))
}

// batchWrite sends the requests 25 at a time, BatchWriteItem's limit (the Go
// SDK has no batch writer), and sends UnprocessedItems again, as callers of
// BatchWriteItem must, a bounded number of times.
func batchWrite(ctx context.Context, db *dynamodb.Client, table string, requests []types.WriteRequest) error {
	for len(requests) > 0 {
		n := min(len(requests), 25)
		pending := map[string][]types.WriteRequest{table: requests[:n]}
		requests = requests[n:]
		for attempt := 1; len(pending) > 0; attempt++ {
			if attempt > 5 {
				return fmt.Errorf("BatchWriteItem: still unprocessed after 5 attempts: %v", pending)
			}
			out, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: pending})
			if err != nil {
				return fmt.Errorf("BatchWriteItem: %v", err)
			}
			pending = out.UnprocessedItems
			if len(pending) > 0 {
				time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
			}
		}
	}
	return nil
}

// Step 3.

func readItems(ctx context.Context, s *scenario) error {
	got, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            itemKey("user#2", "profile"),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("GetItem user#2/profile: %v", err)
	}
	if err := sameProfile("GetItem user#2/profile", got.Item, writtenProfile()); err != nil {
		return err
	}
	got, err = s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(s.table),
		Key:       itemKey("user#1", "msg#07"),
	})
	if err != nil {
		return fmt.Errorf("GetItem user#1/msg#07: %v", err)
	}
	if err := sameMessage("GetItem user#1/msg#07", got.Item, writtenMessage(7)); err != nil {
		return err
	}
	got, err = s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(s.table),
		Key:       itemKey("user#2", "nobody"),
	})
	if err != nil {
		return fmt.Errorf("GetItem of a missing key: %v", err)
	}
	return same("GetItem of a missing key: Item", got.Item, map[string]types.AttributeValue(nil))
}

// Step 4.

// queryInput builds a Query of the table with the expression builder.
func (s *scenario) queryInput(key expression.KeyConditionBuilder, filter *expression.ConditionBuilder) (*dynamodb.QueryInput, error) {
	b := expression.NewBuilder().WithKeyCondition(key)
	if filter != nil {
		b = b.WithFilter(*filter)
	}
	expr, err := b.Build()
	if err != nil {
		return nil, err
	}
	return &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		KeyConditionExpression:    expr.KeyCondition(),
		FilterExpression:          expr.Filter(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}, nil
}

// queryCase is one Query and the messages it must give, in order.
type queryCase struct {
	what         string
	key          expression.KeyConditionBuilder
	filter       *expression.ConditionBuilder
	index        string
	descending   bool
	want         []int // message numbers
	scannedCount int32
}

func queryItems(ctx context.Context, s *scenario) error {
	user1 := expression.Key("pk").Equal(expression.Value("user#1"))
	msg1 := user1.And(expression.Key("sk").BeginsWith("msg#1"))
	above15 := expression.Name("n").GreaterThan(expression.Value(15))
	cases := []queryCase{
		{what: "begins_with(sk, msg#1)", key: msg1, want: numbers(10, 19, 1), scannedCount: 10},
		{what: "begins_with(sk, msg#1) descending", key: msg1, descending: true, want: numbers(19, 10, -1), scannedCount: 10},
		// ScannedCount counts the items read before the filter.
		{what: "n > 15", key: user1, filter: &above15, want: numbers(16, 24, 1), scannedCount: 25},
		{what: "GSI status = open", key: expression.Key("status").Equal(expression.Value("open")),
			index: gsiName, want: numbers(0, 24, 2), scannedCount: 13},
	}
	for _, c := range cases {
		if err := s.runQuery(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

func (s *scenario) runQuery(ctx context.Context, c queryCase) error {
	in, err := s.queryInput(c.key, c.filter)
	if err != nil {
		return err
	}
	if c.index != "" {
		in.IndexName = aws.String(c.index)
	}
	if c.descending {
		in.ScanIndexForward = aws.Bool(false)
	}
	out, err := s.db.Query(ctx, in)
	if err != nil {
		return fmt.Errorf("Query %s: %v", c.what, err)
	}
	got, err := asMessages(out.Items)
	if err != nil {
		return fmt.Errorf("Query %s: %v", c.what, err)
	}
	want := messagesNumbered(c.want)
	return firstErr(
		same("Query "+c.what+": sort keys", sortKeys(got), sortKeys(want)),
		same("Query "+c.what+": items", got, want),
		same("Query "+c.what+": Count", out.Count, int32(len(want))),
		same("Query "+c.what+": ScannedCount", out.ScannedCount, c.scannedCount),
		same("Query "+c.what+": LastEvaluatedKey", out.LastEvaluatedKey, map[string]types.AttributeValue(nil)),
	)
}

// numbers is from..to (both included) by step.
func numbers(from, to, step int) []int {
	var out []int
	for i := from; (step > 0 && i <= to) || (step < 0 && i >= to); i += step {
		out = append(out, i)
	}
	return out
}

func messagesNumbered(ns []int) []message {
	out := make([]message, len(ns))
	for i, n := range ns {
		out[i] = writtenMessage(n)
	}
	return out
}

// Step 5.

// maxPages bounds every paginator loop, so that a LastEvaluatedKey that never
// ends fails the step instead of looping.
const maxPages = 50

func paginate(ctx context.Context, s *scenario) error {
	if err := queryPages(ctx, s); err != nil {
		return err
	}
	return scanPages(ctx, s)
}

func queryPages(ctx context.Context, s *scenario) error {
	in, err := s.queryInput(expression.Key("pk").Equal(expression.Value("user#1")), nil)
	if err != nil {
		return err
	}
	in.Limit = aws.Int32(4)
	pages := dynamodb.NewQueryPaginator(s.db, in)
	var sizes []int
	var got []message
	for pages.HasMorePages() && len(sizes) < maxPages {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("Query page %d: %v", len(sizes)+1, err)
		}
		ms, err := asMessages(page.Items)
		if err != nil {
			return fmt.Errorf("Query page %d: %v", len(sizes)+1, err)
		}
		sizes = append(sizes, len(ms))
		got = append(got, ms...)
	}
	// 25 items by 4: six full pages, each with a LastEvaluatedKey, then the
	// last one, which does not reach the Limit and so ends the query.
	return firstErr(
		same("Query pages' sizes", sizes, []int{4, 4, 4, 4, 4, 4, 1}),
		same("Query pages' items", got, writtenMessages()),
	)
}

func scanPages(ctx context.Context, s *scenario) error {
	pages := dynamodb.NewScanPaginator(s.db, &dynamodb.ScanInput{
		TableName: aws.String(s.table),
		Limit:     aws.Int32(10),
	})
	var keys []string
	for n := 1; pages.HasMorePages(); n++ {
		if n > maxPages {
			return fmt.Errorf("Scan: more than %d pages", maxPages)
		}
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("Scan page %d: %v", n, err)
		}
		if len(page.Items) > 10 {
			return fmt.Errorf("Scan page %d: %d items, over the Limit of 10", n, len(page.Items))
		}
		var ks []keyOf
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &ks); err != nil {
			return fmt.Errorf("Scan page %d: %v", n, err)
		}
		for _, k := range ks {
			keys = append(keys, k.PK+"/"+k.SK)
		}
	}
	want := []string{"user#2/profile"}
	for _, m := range writtenMessages() {
		want = append(want, m.PK+"/"+m.SK)
	}
	// A scan's order across partitions is the service's own; each item once.
	return same("Scan pages' keys", sorted(keys), sorted(want))
}

// Step 6.

func conditionalUpdate(ctx context.Context, s *scenario) error {
	update := expression.
		Set(expression.Name("status"), expression.Value("closed")).
		Add(expression.Name("n"), expression.Value(1))
	condition := expression.AttributeExists(expression.Name("pk")).
		And(expression.Name("status").Equal(expression.Value("open")))
	expr, err := expression.NewBuilder().WithUpdate(update).WithCondition(condition).Build()
	if err != nil {
		return err
	}
	in := &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       itemKey("user#1", "msg#00"),
		UpdateExpression:          expr.Update(),
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
		ReturnValues:              types.ReturnValueAllNew,
	}
	out, err := s.db.UpdateItem(ctx, in)
	if err != nil {
		return fmt.Errorf("UpdateItem: %v", err)
	}
	if err := sameMessage("UpdateItem ALL_NEW Attributes", out.Attributes, updatedMessage00()); err != nil {
		return err
	}
	// The status is no longer open, so the same call must fail.
	_, err = s.db.UpdateItem(ctx, in)
	failed, err := apiError[*types.ConditionalCheckFailedException](
		"UpdateItem again", err, "ConditionalCheckFailedException", "The conditional request failed")
	if err != nil {
		return err
	}
	// The item comes back only with ReturnValuesOnConditionCheckFailure.
	if err := same("ConditionalCheckFailedException.Item", failed.Item, map[string]types.AttributeValue(nil)); err != nil {
		return err
	}
	return s.expectMessage(ctx, "after the failed UpdateItem", "user#1", "msg#00", updatedMessage00())
}

// expectMessage reads an item (consistently) and compares it to want.
func (s *scenario) expectMessage(ctx context.Context, what, pk, sk string, want message) error {
	got, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            itemKey(pk, sk),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("GetItem %s/%s %s: %v", pk, sk, what, err)
	}
	return sameMessage(fmt.Sprintf("GetItem %s/%s %s", pk, sk, what), got.Item, want)
}

// expectNoItem reads a key (consistently) that must hold no item.
func (s *scenario) expectNoItem(ctx context.Context, what, pk, sk string) error {
	got, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            itemKey(pk, sk),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("GetItem %s/%s %s: %v", pk, sk, what, err)
	}
	return same(fmt.Sprintf("GetItem %s/%s %s: Item", pk, sk, what), got.Item, map[string]types.AttributeValue(nil))
}

// Step 7.

// existsCheck is a ConditionCheck that the item at pk/sk exists.
func (s *scenario) existsCheck(pk, sk string) (*types.ConditionCheck, error) {
	expr, err := expression.NewBuilder().
		WithCondition(expression.AttributeExists(expression.Name("pk"))).Build()
	if err != nil {
		return nil, err
	}
	return &types.ConditionCheck{
		TableName:                 aws.String(s.table),
		Key:                       itemKey(pk, sk),
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}, nil
}

func (s *scenario) put(m message) (*types.Put, error) {
	item, err := attributevalue.MarshalMap(m)
	return &types.Put{TableName: aws.String(s.table), Item: item}, err
}

func transaction(ctx context.Context, s *scenario) error {
	if err := committedTransaction(ctx, s); err != nil {
		return err
	}
	if err := cancelledTransaction(ctx, s); err != nil {
		return err
	}
	return transactGet(ctx, s)
}

func committedTransaction(ctx context.Context, s *scenario) error {
	put, err := s.put(transactionItem())
	if err != nil {
		return err
	}
	expr, err := expression.NewBuilder().
		WithUpdate(expression.Set(expression.Name("body"), expression.Value(transactionBody))).Build()
	if err != nil {
		return err
	}
	update := &types.Update{
		TableName:                 aws.String(s.table),
		Key:                       itemKey("user#1", "msg#01"),
		UpdateExpression:          expr.Update(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}
	check, err := s.existsCheck("user#2", "profile")
	if err != nil {
		return err
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{{Put: put}, {Update: update}, {ConditionCheck: check}},
	})
	if err != nil {
		return fmt.Errorf("TransactWriteItems: %v", err)
	}
	return nil
}

func cancelledTransaction(ctx context.Context, s *scenario) error {
	put, err := s.put(message{PK: "user#3", SK: "b", Status: "new", N: 4, Body: "never written"})
	if err != nil {
		return err
	}
	check, err := s.existsCheck("user#2", "missing")
	if err != nil {
		return err
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{{Put: put}, {ConditionCheck: check}},
	})
	cancelled, err := apiError[*types.TransactionCanceledException](
		"TransactWriteItems with a failing ConditionCheck", err, "TransactionCanceledException",
		"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]")
	if err != nil {
		return err
	}
	// One reason per action, in request order; an action that was not at
	// fault has the literal code "None" and no message.
	var codes []string
	var messages []*string
	for _, r := range cancelled.CancellationReasons {
		codes = append(codes, str(r.Code))
		messages = append(messages, r.Message)
	}
	err = firstErr(
		same("CancellationReasons codes", codes, []string{"None", "ConditionalCheckFailed"}),
		same("CancellationReasons messages", messages, []*string{nil, aws.String("The conditional request failed")}),
	)
	if err != nil {
		return err
	}
	return s.expectNoItem(ctx, "after the cancelled transaction", "user#3", "b")
}

func transactGet(ctx context.Context, s *scenario) error {
	get := func(pk, sk string) types.TransactGetItem {
		return types.TransactGetItem{Get: &types.Get{TableName: aws.String(s.table), Key: itemKey(pk, sk)}}
	}
	out, err := s.db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{
		TransactItems: []types.TransactGetItem{get("user#3", "a"), get("user#1", "msg#01")},
	})
	if err != nil {
		return fmt.Errorf("TransactGetItems: %v", err)
	}
	if len(out.Responses) != 2 {
		return fmt.Errorf("TransactGetItems: %d responses, want 2", len(out.Responses))
	}
	return firstErr(
		sameMessage("TransactGetItems user#3/a", out.Responses[0].Item, transactionItem()),
		sameMessage("TransactGetItems user#1/msg#01", out.Responses[1].Item, updatedMessage01()),
	)
}

// Step 9 (step 8, the stream, is in stream.go).

func deleteAll(ctx context.Context, s *scenario) error {
	out, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:    aws.String(s.table),
		Key:          itemKey("user#3", "a"),
		ReturnValues: types.ReturnValueAllOld,
	})
	if err != nil {
		return fmt.Errorf("DeleteItem user#3/a: %v", err)
	}
	if err := sameMessage("DeleteItem ALL_OLD Attributes", out.Attributes, transactionItem()); err != nil {
		return err
	}
	if err := conditionalDeleteOfMissing(ctx, s); err != nil {
		return err
	}
	return deleteTable(ctx, s)
}

func conditionalDeleteOfMissing(ctx context.Context, s *scenario) error {
	expr, err := expression.NewBuilder().
		WithCondition(expression.AttributeExists(expression.Name("pk"))).Build()
	if err != nil {
		return err
	}
	_, err = s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 aws.String(s.table),
		Key:                       itemKey("user#3", "a"), // deleted just before
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	})
	_, err = apiError[*types.ConditionalCheckFailedException](
		"conditional DeleteItem of a missing item", err,
		"ConditionalCheckFailedException", "The conditional request failed")
	return err
}

func deleteTable(ctx context.Context, s *scenario) error {
	out, err := s.db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(s.table)})
	if err != nil {
		return fmt.Errorf("DeleteTable: %v", err)
	}
	t := out.TableDescription
	if t == nil {
		return errors.New("DeleteTable: no TableDescription")
	}
	err = firstErr(
		same("DeleteTable TableName", str(t.TableName), s.table),
		same("DeleteTable TableStatus", t.TableStatus, types.TableStatusDeleting),
	)
	if err != nil {
		return err
	}
	waiter := dynamodb.NewTableNotExistsWaiter(s.db, func(o *dynamodb.TableNotExistsWaiterOptions) {
		fastWaiter(&o.MinDelay, &o.MaxDelay)
	})
	if err := waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(s.table)}, time.Minute); err != nil {
		return fmt.Errorf("TableNotExists waiter: %v", err)
	}
	names, err := listTables(ctx, s.db)
	if err != nil {
		return err
	}
	if slices.Contains(names, s.table) {
		return fmt.Errorf("ListTables still names %s: %v", s.table, names)
	}
	return nil
}

func listTables(ctx context.Context, db *dynamodb.Client) ([]string, error) {
	pages := dynamodb.NewListTablesPaginator(db, &dynamodb.ListTablesInput{})
	var names []string
	for n := 1; pages.HasMorePages(); n++ {
		if n > maxPages {
			return nil, fmt.Errorf("ListTables: more than %d pages", maxPages)
		}
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("ListTables: %v", err)
		}
		names = append(names, page.TableNames...)
	}
	return names, nil
}
