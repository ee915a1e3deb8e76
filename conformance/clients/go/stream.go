package main

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// Step 8.

// expectedRecord is a stream record the earlier steps' writes must have
// made. An image is a message, a profile, or nil for none.
type expectedRecord struct {
	event    streamtypes.OperationType
	pk, sk   string
	oldImage any
	newImage any
}

func inserted(m message) expectedRecord {
	return expectedRecord{event: streamtypes.OperationTypeInsert, pk: m.PK, sk: m.SK, newImage: m}
}

func modified(old, new message) expectedRecord {
	return expectedRecord{event: streamtypes.OperationTypeModify, pk: old.PK, sk: old.SK, oldImage: old, newImage: new}
}

// expectedRecords lists, in write order, a record for every write that
// changed an item: the failed update and the cancelled transaction made none.
func expectedRecords() []expectedRecord {
	var out []expectedRecord
	for _, m := range writtenMessages() {
		out = append(out, inserted(m))
	}
	out = append(out,
		expectedRecord{event: streamtypes.OperationTypeInsert, pk: "user#2", sk: "profile", newImage: writtenProfile()},
		modified(writtenMessage(0), updatedMessage00()),
		inserted(transactionItem()),
		modified(writtenMessage(1), updatedMessage01()),
	)
	return out
}

func readStream(ctx context.Context, s *scenario) error {
	described, err := s.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(s.table)})
	if err != nil {
		return fmt.Errorf("DescribeTable: %v", err)
	}
	arn := str(described.Table.LatestStreamArn)
	if err := same("LatestStreamArn", arn, s.streamArn); err != nil {
		return err
	}
	shards, err := describeStream(ctx, s, arn)
	if err != nil {
		return err
	}
	var records []streamtypes.Record
	for _, shard := range shards {
		got, err := readShard(ctx, s.streams, arn, shard)
		if err != nil {
			return err
		}
		records = append(records, got...)
	}
	return checkRecords(records, expectedRecords(), s.started)
}

// describeStream checks the stream's description and lists its shards,
// following LastEvaluatedShardId.
func describeStream(ctx context.Context, s *scenario, arn string) ([]string, error) {
	var shards []string
	var start *string
	for page := 1; ; page++ {
		if page > maxPages {
			return nil, fmt.Errorf("DescribeStream: more than %d pages", maxPages)
		}
		out, err := s.streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{
			StreamArn:             aws.String(arn),
			ExclusiveStartShardId: start,
		})
		if err != nil {
			return nil, fmt.Errorf("DescribeStream: %v", err)
		}
		d := out.StreamDescription
		if d == nil {
			return nil, errors.New("DescribeStream: no StreamDescription")
		}
		err = firstErr(
			same("DescribeStream StreamArn", str(d.StreamArn), arn),
			same("DescribeStream StreamStatus", d.StreamStatus, streamtypes.StreamStatusEnabled),
			same("DescribeStream StreamViewType", d.StreamViewType, streamtypes.StreamViewTypeNewAndOldImages),
			same("DescribeStream TableName", str(d.TableName), s.table),
			same("DescribeStream KeySchema", streamKeyNames(d.KeySchema), []string{"pk HASH", "sk RANGE"}),
		)
		if err != nil {
			return nil, err
		}
		for _, shard := range d.Shards {
			if str(shard.ShardId) == "" {
				return nil, errors.New("DescribeStream: a shard without ShardId")
			}
			shards = append(shards, str(shard.ShardId))
		}
		if d.LastEvaluatedShardId == nil {
			break
		}
		start = d.LastEvaluatedShardId
	}
	if len(shards) == 0 {
		return nil, errors.New("DescribeStream: no shard")
	}
	return shards, nil
}

func streamKeyNames(schema []streamtypes.KeySchemaElement) []string {
	var out []string
	for _, k := range schema {
		out = append(out, str(k.AttributeName)+" "+string(k.KeyType))
	}
	return out
}

// maxGetRecords bounds the GetRecords calls on one shard.
const maxGetRecords = 100

// readShard reads a shard from its trim horizon, following
// NextShardIterator until the records stop coming: an empty answer once
// some came, a few empty answers in a row on a shard that has none, or no
// NextShardIterator (a closed shard read to its end). Sequence numbers must
// grow along the shard.
func readShard(ctx context.Context, streams *dynamodbstreams.Client, arn, shard string) ([]streamtypes.Record, error) {
	it, err := streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{
		StreamArn:         aws.String(arn),
		ShardId:           aws.String(shard),
		ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		return nil, fmt.Errorf("GetShardIterator %s: %v", shard, err)
	}
	if it.ShardIterator == nil {
		return nil, fmt.Errorf("GetShardIterator %s: no ShardIterator", shard)
	}
	var records []streamtypes.Record
	empty := 0
	last := new(big.Int)
	for iterator, calls := it.ShardIterator, 0; iterator != nil; calls++ {
		if calls == maxGetRecords {
			return nil, fmt.Errorf("GetRecords %s: records still coming after %d calls", shard, calls)
		}
		out, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iterator})
		if err != nil {
			return nil, fmt.Errorf("GetRecords %s: %v", shard, err)
		}
		for _, r := range out.Records {
			if err := checkSequence(r, last); err != nil {
				return nil, fmt.Errorf("GetRecords %s record %d: %v", shard, len(records), err)
			}
			records = append(records, r)
		}
		iterator = out.NextShardIterator
		if len(out.Records) > 0 {
			empty = 0
			continue
		}
		if empty++; len(records) > 0 || empty == 3 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return records, nil
}

// checkSequence fails unless the record's SequenceNumber is a decimal number
// above last, and makes it the new last.
func checkSequence(r streamtypes.Record, last *big.Int) error {
	if r.Dynamodb == nil {
		return errors.New("no dynamodb member")
	}
	seq, ok := new(big.Int).SetString(str(r.Dynamodb.SequenceNumber), 10)
	if !ok {
		return fmt.Errorf("SequenceNumber %q is not a decimal number", str(r.Dynamodb.SequenceNumber))
	}
	if seq.Cmp(last) <= 0 {
		return fmt.Errorf("SequenceNumber %s does not follow %s", seq, last)
	}
	last.Set(seq)
	return nil
}

// checkRecords matches the records to the expected ones item by item: the
// stream orders the records of one item, not those of different items.
func checkRecords(records []streamtypes.Record, want []expectedRecord, started time.Time) error {
	gotByItem := map[string][]streamtypes.Record{}
	for _, r := range records {
		if r.Dynamodb == nil {
			return errors.New("a record without its dynamodb member")
		}
		var k keyOf
		keys, err := attributevalue.FromDynamoDBStreamsMap(r.Dynamodb.Keys)
		if err == nil {
			err = attributevalue.UnmarshalMap(keys, &k)
		}
		if err != nil {
			return fmt.Errorf("record Keys %v: %v", r.Dynamodb.Keys, err)
		}
		gotByItem[k.PK+"/"+k.SK] = append(gotByItem[k.PK+"/"+k.SK], r)
	}
	wantByItem := map[string][]expectedRecord{}
	var items []string // in write order, so that a failure is reported the same way each run
	for _, w := range want {
		item := w.pk + "/" + w.sk
		if wantByItem[item] == nil {
			items = append(items, item)
		}
		wantByItem[item] = append(wantByItem[item], w)
	}
	if len(records) != len(want) {
		return fmt.Errorf("%d records, want %d: %v", len(records), len(want), recordSummary(gotByItem))
	}
	for _, item := range items {
		ws, gs := wantByItem[item], gotByItem[item]
		if len(gs) != len(ws) {
			return fmt.Errorf("item %s: %d records, want %d: %v", item, len(gs), len(ws), recordSummary(gotByItem))
		}
		for i := range ws {
			what := fmt.Sprintf("item %s record %d (%s)", item, i+1, ws[i].event)
			if err := checkRecord(what, gs[i], ws[i], started); err != nil {
				return err
			}
		}
	}
	return nil
}

// recordSummary lists each item's events, for a message.
func recordSummary(byItem map[string][]streamtypes.Record) map[string][]string {
	out := map[string][]string{}
	for item, rs := range byItem {
		for _, r := range rs {
			out[item] = append(out[item], string(r.EventName))
		}
	}
	return out
}

// checkRecord checks one record: its envelope, its keys, and the images
// NEW_AND_OLD_IMAGES names (an INSERT has no old image).
func checkRecord(what string, r streamtypes.Record, want expectedRecord, started time.Time) error {
	d := r.Dynamodb
	keys, err := attributevalue.FromDynamoDBStreamsMap(d.Keys)
	if err != nil {
		return fmt.Errorf("%s Keys: %v", what, err)
	}
	created := aws.ToTime(d.ApproximateCreationDateTime)
	// Whole seconds, so the write may seem to come up to a second early.
	if created.Before(started.Add(-time.Minute)) || created.After(time.Now().Add(time.Minute)) {
		return fmt.Errorf("%s ApproximateCreationDateTime %v, not during the run (from %v)", what, created, started)
	}
	if aws.ToInt64(d.SizeBytes) <= 0 {
		return fmt.Errorf("%s SizeBytes %d", what, aws.ToInt64(d.SizeBytes))
	}
	if str(r.EventID) == "" {
		return fmt.Errorf("%s: no eventID", what)
	}
	return firstErr(
		same(what+" eventName", r.EventName, want.event),
		same(what+" eventSource", str(r.EventSource), "aws:dynamodb"),
		same(what+" eventVersion", str(r.EventVersion), "1.1"),
		same(what+" awsRegion", str(r.AwsRegion), region),
		same(what+" StreamViewType", d.StreamViewType, streamtypes.StreamViewTypeNewAndOldImages),
		same(what+" Keys", keys, itemKey(want.pk, want.sk)),
		sameImage(what+" OldImage", d.OldImage, want.oldImage),
		sameImage(what+" NewImage", d.NewImage, want.newImage),
	)
}

// sameImage compares a record's image to a message, a profile, or nil (no
// image at all).
func sameImage(what string, image map[string]streamtypes.AttributeValue, want any) error {
	if want == nil {
		if image != nil {
			return fmt.Errorf("%s: got %v, want none", what, image)
		}
		return nil
	}
	if image == nil {
		return fmt.Errorf("%s: none, want %+v", what, want)
	}
	item, err := attributevalue.FromDynamoDBStreamsMap(image)
	if err != nil {
		return fmt.Errorf("%s: %v", what, err)
	}
	switch w := want.(type) {
	case message:
		return sameMessage(what, item, w)
	case profile:
		return sameProfile(what, item, w)
	}
	return fmt.Errorf("%s: cannot compare with a %T", what, want)
}
