package dynarock.conformance;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.enhanced.dynamodb.Document;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The steps of SCENARIO.md, played against one table through one pair of
 * clients. Every answer is checked against what DynamoDB answers; the first
 * that differs ends the scenario with a {@link StepFailed}.
 */
final class Scenario {
    static final String INDEX = "by-status";
    private static final String USER1 = "user#1";
    private static final String USER2 = "user#2";
    private static final String USER3 = "user#3";
    private static final String USER9 = "user#9";
    private static final String PROFILE = "profile";
    private static final int MESSAGES = 25;

    // What steps 6 and 7 write, which step 8 then finds in the stream.
    private static final Message MSG00_UPDATED = new Message(USER1, msgKey(0), "closed", 1, body(0));
    private static final Message MSG01_EDITED = new Message(USER1, msgKey(1), null, 101, "edited in a transaction");
    private static final Message USER3_A = new Message(USER3, "a", null, 3, "put in a transaction");

    /** Ends the scenario: which way, which step, and what differed. */
    static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String way;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private final String tableName;
    private final Region region;
    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<Message> table;
    private final TableSchema<Message> schema = TableSchema.fromBean(Message.class);
    private String streamArn;

    Scenario(String way, DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String tableName, Region region) {
        this.way = way;
        this.dynamoDb = dynamoDb;
        this.streams = streams;
        this.tableName = tableName;
        this.region = region;
        this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
        this.table = enhanced.table(tableName, schema);
    }

    void play() {
        step(1, "CreateTable, waiter for table exists, DescribeTable", this::createTable);
        step(2, "BatchWriteItem of 25 (Enhanced Client), PutItem of every type", this::write);
        step(3, "GetItem of every type, consistent read, missing key", this::read);
        step(4, "Query begins_with, descending, filter, GSI pages (DynamoDbIndex)", this::query);
        step(5, "queryPaginator 7 pages, scanPaginator 26 items", this::paginate);
        step(6, "conditional UpdateItem, ConditionalCheckFailedException", this::conditionalUpdate);
        step(7, "TransactWriteItems (Enhanced Client), cancellation reasons, TransactGetItems", this::transactions);
        step(8, "stream: DescribeStream, GetShardIterator, GetRecords", this::stream);
        step(9, "DeleteItem ALL_OLD, conditional delete, DeleteTable, waiter for table not exists", this::delete);
    }

    private void step(int number, String title, Runnable body) {
        String where = way + " step " + number + " (" + title + ")";
        try {
            body.run();
        } catch (Check.Failed e) {
            throw new StepFailed(where + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StepFailed(where + ": unexpected " + e, e);
        }
        System.out.println("ok " + where);
    }

    // ---- step 1 ----

    private void createTable() {
        TableDescription created = dynamoDb.createTable(r -> r.tableName(tableName)
                .attributeDefinitions(stringAttribute("pk"), stringAttribute("sk"), stringAttribute("status"))
                .keySchema(keyElement("pk", KeyType.HASH), keyElement("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(INDEX)
                        .keySchema(keyElement("status", KeyType.HASH), keyElement("sk", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .billingMode(BillingMode.PAY_PER_REQUEST)).tableDescription();
        // DynamoDB answers CREATING and the table becomes ACTIVE later: that is what the waiter is for.
        Check.equal(TableStatus.CREATING, created.tableStatus(), "CreateTable TableStatus");
        try (DynamoDbWaiter waiter = dynamoDb.waiter()) {
            WaiterResponse<DescribeTableResponse> waited =
                    waiter.waitUntilTableExists(r -> r.tableName(tableName), Scenario::pollOften);
            Check.isTrue(waited.matched().response().isPresent(), "the waiter ended on an answer, not " + waited.matched());
        }
        checkDescription(dynamoDb.describeTable(r -> r.tableName(tableName)).table());
    }

    /** The SDK's DynamoDB waiters poll every 20 s, made for tables that take that long; a local table does not. */
    private static void pollOften(WaiterOverrideConfiguration.Builder o) {
        o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100))).maxAttempts(100);
    }

    private void checkDescription(TableDescription t) {
        Check.equal(tableName, t.tableName(), "TableName");
        Check.equal(TableStatus.ACTIVE, t.tableStatus(), "TableStatus");
        Check.equal(List.of(keyElement("pk", KeyType.HASH), keyElement("sk", KeyType.RANGE)), t.keySchema(), "KeySchema");
        Check.equal(BillingMode.PAY_PER_REQUEST,
                t.billingModeSummary() == null ? null : t.billingModeSummary().billingMode(), "BillingModeSummary.BillingMode");
        Check.equal(1, t.globalSecondaryIndexes().size(), "number of GlobalSecondaryIndexes");
        GlobalSecondaryIndexDescription gsi = t.globalSecondaryIndexes().get(0);
        Check.equal(INDEX, gsi.indexName(), "IndexName");
        Check.equal(List.of(keyElement("status", KeyType.HASH), keyElement("sk", KeyType.RANGE)), gsi.keySchema(),
                "GSI KeySchema");
        Check.equal(ProjectionType.ALL, gsi.projection().projectionType(), "GSI ProjectionType");
        Check.equal(IndexStatus.ACTIVE, gsi.indexStatus(), "GSI IndexStatus");
        Check.equal(true, t.streamSpecification().streamEnabled(), "StreamSpecification.StreamEnabled");
        Check.equal(StreamViewType.NEW_AND_OLD_IMAGES, t.streamSpecification().streamViewType(),
                "StreamSpecification.StreamViewType");
        // arn:aws:dynamodb:<region>:<12-digit account>:table/<name>, the stream's ARN under it.
        String arnPattern = "arn:aws:dynamodb:" + region.id() + ":[0-9]{12}:table/" + Pattern.quote(tableName);
        Check.isTrue(t.tableArn() != null && t.tableArn().matches(arnPattern),
                "TableArn: expected " + arnPattern + ", got " + t.tableArn());
        Check.isTrue(t.latestStreamLabel() != null, "DescribeTable has a LatestStreamLabel");
        Check.equal(t.tableArn() + "/stream/" + t.latestStreamLabel(), t.latestStreamArn(), "LatestStreamArn");
        streamArn = t.latestStreamArn();
    }

    // ---- step 2 ----

    private void write() {
        batchPut(IntStream.range(0, MESSAGES).mapToObj(Scenario::message).toList());
        dynamoDb.putItem(r -> r.tableName(tableName).item(profileItem()));
    }

    /**
     * BatchWriteItem through the Enhanced Client. DynamoDB may hand back
     * unprocessed items, which the caller is to send again (as a batch writer
     * does), so they are; five rounds is far more than a local server needs.
     */
    private void batchPut(List<Message> items) {
        List<Message> pending = items;
        for (int round = 1; !pending.isEmpty(); round++) {
            Check.isTrue(round <= 5, "BatchWriteItem still leaves " + pending.size() + " items unprocessed after 5 rounds");
            WriteBatch.Builder<Message> batch = WriteBatch.builder(Message.class).mappedTableResource(table);
            pending.forEach(batch::addPutItem);
            BatchWriteResult result = enhanced.batchWriteItem(r -> r.writeBatches(batch.build()));
            pending = result.unprocessedPutItemsForTable(table);
        }
    }

    // ---- step 3 ----

    private void read() {
        GetItemResponse profile = dynamoDb.getItem(r -> r.tableName(tableName).key(keyMap(USER2, PROFILE)).consistentRead(true));
        Check.isTrue(profile.hasItem(), "GetItem user#2/profile returns an Item");
        Check.sameItem(profileItem(), profile.item(), "GetItem user#2/profile");

        Message seven = table.getItem(r -> r.key(key(USER1, msgKey(7))).consistentRead(true));
        Check.equal(message(7), seven, "GetItem user#1/msg#07 (Enhanced Client, ConsistentRead)");

        GetItemResponse missing = dynamoDb.getItem(r -> r.tableName(tableName).key(keyMap(USER1, "msg#99")));
        Check.isTrue(!missing.hasItem(), "GetItem of a missing key: expected no Item, got " + missing.item());
        Check.equal(null, table.getItem(key(USER9, "nothing")), "GetItem of a missing key (Enhanced Client)");
    }

    // ---- step 4 ----

    private void query() {
        QueryResponse prefixed = dynamoDb.query(r -> r.tableName(tableName)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(USER1), ":prefix", s("msg#1"))));
        Check.equal(msgKeys(10, 20), sortKeys(prefixed.items()), "Query begins_with(sk, msg#1): sort keys");
        Check.equal(10, prefixed.count(), "Query begins_with(sk, msg#1): Count");

        List<String> descending = table.query(r -> r
                        .queryConditional(QueryConditional.sortBeginsWith(key(USER1, "msg#1")))
                        .scanIndexForward(false))
                .items().stream().map(Message::getSk).toList();
        Check.equal(msgKey(19), descending.isEmpty() ? null : descending.get(0),
                "Query ScanIndexForward=false (Enhanced Client): first item");
        Check.equal(reversed(msgKeys(10, 20)), descending, "Query ScanIndexForward=false (Enhanced Client): sort keys");

        QueryResponse filtered = dynamoDb.query(r -> r.tableName(tableName)
                .keyConditionExpression("pk = :pk")
                .filterExpression("n > :min")
                .expressionAttributeValues(Map.of(":pk", s(USER1), ":min", AttributeValue.fromN("15"))));
        Check.equal(msgKeys(16, 25), sortKeys(filtered.items()), "Query FilterExpression n > 15: sort keys");
        Check.equal(9, filtered.count(), "Query FilterExpression n > 15: Count");
        Check.equal(MESSAGES, filtered.scannedCount(), "Query FilterExpression n > 15: ScannedCount (before the filter)");

        queryIndex();
    }

    /** The GSI through DynamoDbIndex, 5 items a page: 13 open messages come in pages of 5, 5 and 3. */
    private void queryIndex() {
        DynamoDbIndex<Message> byStatus = table.index(INDEX);
        // A GSI follows its table asynchronously in DynamoDB, so a read right after the writes may
        // briefly see fewer items; wait a little for all 13 rather than fail on that.
        List<Page<Message>> pages = eventually(() -> byStatus.query(r -> r
                        .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue("open")))
                        .limit(5)).stream().toList(),
                p -> p.stream().mapToInt(page -> page.items().size()).sum() >= 13);
        Check.equal(List.of(5, 5, 3), pages.stream().map(p -> p.items().size()).toList(),
                "Query GSI by-status status=open Limit 5: page sizes");
        checkLastEvaluatedKeys(pages.stream().map(p -> p.items().stream().map(this::itemOf).toList()).toList(),
                pages.stream().map(Page::lastEvaluatedKey).toList(), List.of("status", "pk", "sk"),
                "Query GSI by-status");
        List<Message> open = pages.stream().flatMap(p -> p.items().stream()).toList();
        List<Message> expected = IntStream.range(0, MESSAGES).filter(i -> i % 2 == 0).mapToObj(Scenario::message).toList();
        Check.equal(expected, open, "Query GSI by-status status=open: items in sk order");
    }

    // ---- step 5 ----

    private void paginate() {
        List<QueryResponse> pages = dynamoDb.queryPaginator(r -> r.tableName(tableName)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(USER1)))
                .limit(4)).stream().toList();
        Check.equal(List.of(4, 4, 4, 4, 4, 4, 1), pages.stream().map(QueryResponse::count).toList(),
                "queryPaginator Limit 4: Count of each page");
        Check.equal(msgKeys(0, MESSAGES), sortKeys(pages.stream().flatMap(p -> p.items().stream()).toList()),
                "queryPaginator Limit 4: sort keys");
        checkLastEvaluatedKeys(pages.stream().map(QueryResponse::items).toList(),
                pages.stream().map(QueryResponse::lastEvaluatedKey).toList(), List.of("pk", "sk"), "queryPaginator");

        List<Map<String, AttributeValue>> scanned = dynamoDb.scanPaginator(r -> r.tableName(tableName).limit(10))
                .items().stream().toList();
        Set<String> keys = new HashSet<>();
        scanned.forEach(item -> keys.add(keyString(item)));
        Set<String> expected = new HashSet<>();
        msgKeys(0, MESSAGES).forEach(sk -> expected.add(USER1 + "/" + sk));
        expected.add(USER2 + "/" + PROFILE);
        Check.equal(26, scanned.size(), "scanPaginator Limit 10: number of items");
        Check.equal(expected, keys, "scanPaginator Limit 10: keys");
    }

    /**
     * Each page but the last ends where the next starts: its LastEvaluatedKey
     * is the key of its last item (for an index, the index key and the table
     * key); the last page has none, which is how the paginator knew to stop.
     */
    private static void checkLastEvaluatedKeys(List<List<Map<String, AttributeValue>>> pages,
            List<Map<String, AttributeValue>> lastEvaluatedKeys, List<String> keyNames, String what) {
        for (int i = 0; i < pages.size(); i++) {
            Map<String, AttributeValue> expected = new HashMap<>();
            if (i < pages.size() - 1) {
                Map<String, AttributeValue> last = pages.get(i).get(pages.get(i).size() - 1);
                keyNames.forEach(name -> expected.put(name, last.get(name)));
            }
            Map<String, AttributeValue> actual = lastEvaluatedKeys.get(i) == null ? Map.of() : lastEvaluatedKeys.get(i);
            Check.equal(expected, actual, what + ": LastEvaluatedKey of page " + (i + 1));
        }
    }

    // ---- step 6 ----

    private void conditionalUpdate() {
        UpdateItemRequest update = UpdateItemRequest.builder().tableName(tableName)
                .key(keyMap(USER1, msgKey(0)))
                .updateExpression("SET #st = :s ADD n :one")
                .conditionExpression("attribute_exists(pk) AND #st = :open")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":s", s("closed"), ":one", AttributeValue.fromN("1"), ":open", s("open")))
                .returnValues(ReturnValue.ALL_NEW)
                .build();
        UpdateItemResponse updated = dynamoDb.updateItem(update);
        Check.sameItem(itemOf(MSG00_UPDATED), updated.attributes(), "UpdateItem ALL_NEW attributes");

        ConditionalCheckFailedException e = Check.fails(ConditionalCheckFailedException.class,
                () -> dynamoDb.updateItem(update), "the same UpdateItem again (status is no longer open)");
        checkConditionalCheckFailed(e);
        Check.equal(MSG00_UPDATED, table.getItem(r -> r.key(key(USER1, msgKey(0))).consistentRead(true)),
                "user#1/msg#00 after the refused update");
    }

    private static void checkConditionalCheckFailed(ConditionalCheckFailedException e) {
        Check.equal("ConditionalCheckFailedException", e.awsErrorDetails().errorCode(), "error code");
        Check.equal("The conditional request failed", e.awsErrorDetails().errorMessage(), "error message");
        Check.equal(400, e.statusCode(), "HTTP status");
    }

    // ---- step 7 ----

    private void transactions() {
        Expression profileExists = Expression.builder().expression("attribute_exists(pk)").build();
        enhanced.transactWriteItems(r -> r
                .addPutItem(table, USER3_A)
                // SCALAR_ONLY: an Update of the attributes the bean sets, leaving status as it is.
                .addUpdateItem(table, TransactUpdateItemEnhancedRequest.builder(Message.class)
                        .item(MSG01_EDITED).ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY).build())
                .addConditionCheck(table, ConditionCheck.builder()
                        .key(key(USER2, PROFILE)).conditionExpression(profileExists).build()));

        TransactionCanceledException e = Check.fails(TransactionCanceledException.class,
                () -> enhanced.transactWriteItems(r -> r
                        .addPutItem(table, new Message(USER3, "b", null, 4, "never written"))
                        .addConditionCheck(table, ConditionCheck.builder()
                                .key(key(USER2, "missing")).conditionExpression(profileExists).build())),
                "TransactWriteItems whose ConditionCheck fails");
        checkCancelled(e);
        Check.equal(null, table.getItem(r -> r.key(key(USER3, "b")).consistentRead(true)),
                "user#3/b after the cancelled transaction");

        List<Document> got = enhanced.transactGetItems(r -> r
                .addGetItem(table, key(USER3, "a"))
                .addGetItem(table, key(USER1, msgKey(1))));
        Check.equal(2, got.size(), "TransactGetItems: number of responses");
        Check.equal(USER3_A, got.get(0).getItem(table), "TransactGetItems user#3/a");
        Check.equal(msg01AfterTransaction(), got.get(1).getItem(table), "TransactGetItems user#1/msg#01");
    }

    private static void checkCancelled(TransactionCanceledException e) {
        Check.equal("TransactionCanceledException", e.awsErrorDetails().errorCode(), "error code");
        Check.equal(400, e.statusCode(), "HTTP status");
        Check.isTrue(e.hasCancellationReasons(), "TransactionCanceledException has CancellationReasons");
        Check.equal(List.of("None", "ConditionalCheckFailed"),
                e.cancellationReasons().stream().map(CancellationReason::code).toList(), "CancellationReasons codes");
        Check.equal("Transaction cancelled, please refer cancellation reasons for specific reasons"
                + " [None, ConditionalCheckFailed]", e.awsErrorDetails().errorMessage(), "error message");
    }

    /** msg#01 as the transaction left it: the attributes the bean sets, and the status it had. */
    private static Message msg01AfterTransaction() {
        return new Message(USER1, msgKey(1), message(1).getStatus(), MSG01_EDITED.getN(), MSG01_EDITED.getBody());
    }

    // ---- step 8 ----

    private void stream() {
        StreamDescription d = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription();
        Check.equal(streamArn, d.streamArn(), "DescribeStream StreamArn");
        Check.equal(StreamStatus.ENABLED, d.streamStatus(), "DescribeStream StreamStatus");
        Check.equal(StreamViewType.NEW_AND_OLD_IMAGES, d.streamViewType(), "DescribeStream StreamViewType");
        Check.equal(tableName, d.tableName(), "DescribeStream TableName");
        Check.equal(List.of(keyElement("pk", KeyType.HASH), keyElement("sk", KeyType.RANGE)), d.keySchema(),
                "DescribeStream KeySchema");
        Check.isTrue(d.hasShards() && !d.shards().isEmpty(), "DescribeStream lists a shard");

        List<Record> records = new ArrayList<>();
        d.shards().forEach(shard -> records.addAll(readShard(shard.shardId())));
        checkRecords(records);
    }

    /** Every record of a shard from TRIM_HORIZON, until a GetRecords call brings none (an open shard never ends). */
    private List<Record> readShard(String shardId) {
        String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = new ArrayList<>();
        for (int calls = 0; iterator != null && calls < 100; calls++) {
            GetRecordsResponse page = streams.getRecords(GetRecordsRequest.builder().shardIterator(iterator).build());
            if (page.records().isEmpty()) {
                break;
            }
            records.addAll(page.records());
            iterator = page.nextShardIterator();
        }
        return records;
    }

    /**
     * An INSERT with the new image for each of the 27 items written, and a
     * MODIFY with both images for the two updates (msg#00 in step 6, msg#01 in
     * step 7); the refused and cancelled writes left no record.
     */
    private void checkRecords(List<Record> records) {
        Map<String, Map<String, AttributeValue>> inserts = new HashMap<>();
        IntStream.range(0, MESSAGES).forEach(i -> inserts.put(USER1 + "/" + msgKey(i), itemOf(message(i))));
        inserts.put(USER2 + "/" + PROFILE, profileItem());
        inserts.put(USER3 + "/a", itemOf(USER3_A));
        Map<String, List<Map<String, AttributeValue>>> modifies = Map.of(
                USER1 + "/" + msgKey(0), List.of(itemOf(message(0)), itemOf(MSG00_UPDATED)),
                USER1 + "/" + msgKey(1), List.of(itemOf(message(1)), itemOf(msg01AfterTransaction())));

        Set<String> inserted = new HashSet<>();
        Set<String> modified = new HashSet<>();
        BigInteger previous = BigInteger.valueOf(-1);
        for (Record record : records) {
            StreamRecord r = record.dynamodb();
            String what = "stream record " + record.eventName() + " " + (r.hasKeys() ? keyString(r.keys()) : "(no Keys)");
            Check.equal("aws:dynamodb", record.eventSource(), what + ": eventSource");
            Check.equal(region.id(), record.awsRegion(), what + ": awsRegion");
            Check.equal(StreamViewType.NEW_AND_OLD_IMAGES, r.streamViewType(), what + ": StreamViewType");
            Check.isTrue(record.eventID() != null && !record.eventID().isEmpty(), what + ": has an eventID");
            Check.isTrue(r.approximateCreationDateTime() != null, what + ": has an ApproximateCreationDateTime");
            Check.isTrue(r.sizeBytes() != null && r.sizeBytes() > 0, what + ": SizeBytes " + r.sizeBytes());
            BigInteger sequence = new BigInteger(r.sequenceNumber());
            Check.isTrue(sequence.compareTo(previous) > 0, what + ": SequenceNumber " + sequence + " after " + previous);
            previous = sequence;
            Check.isTrue(record.eventName() == OperationType.INSERT || record.eventName() == OperationType.MODIFY,
                    what + ": only INSERT and MODIFY records were due");
            String key = keyString(r.keys());
            Check.equal(keyMap(r.newImage().get("pk").s(), r.newImage().get("sk").s()), r.keys(), what + ": Keys");
            if (record.eventName() == OperationType.INSERT) {
                Check.isTrue(inserts.containsKey(key) && inserted.add(key), what + ": one INSERT per item written");
                Check.isTrue(!r.hasOldImage(), what + ": an INSERT has no OldImage");
                Check.sameItem(inserts.get(key), r.newImage(), what + ": NewImage");
            } else {
                Check.isTrue(modifies.containsKey(key) && inserted.contains(key) && modified.add(key),
                        what + ": one MODIFY per update, after its INSERT");
                Check.sameItem(modifies.get(key).get(0), r.oldImage(), what + ": OldImage");
                Check.sameItem(modifies.get(key).get(1), r.newImage(), what + ": NewImage");
            }
        }
        Check.equal(inserts.keySet(), inserted, "items with an INSERT record");
        Check.equal(modifies.keySet(), modified, "items with a MODIFY record");
    }

    // ---- step 9 ----

    private void delete() {
        var deleted = dynamoDb.deleteItem(r -> r.tableName(tableName).key(keyMap(USER3, "a"))
                .returnValues(ReturnValue.ALL_OLD));
        Check.sameItem(itemOf(USER3_A), deleted.attributes(), "DeleteItem ALL_OLD attributes");

        DeleteItemRequest deleteMissing = DeleteItemRequest.builder().tableName(tableName).key(keyMap(USER3, "a"))
                .conditionExpression("attribute_exists(pk)").build();
        checkConditionalCheckFailed(Check.fails(ConditionalCheckFailedException.class,
                () -> dynamoDb.deleteItem(deleteMissing), "conditional DeleteItem of a missing item"));

        TableDescription deleting = dynamoDb.deleteTable(r -> r.tableName(tableName)).tableDescription();
        Check.equal(TableStatus.DELETING, deleting.tableStatus(), "DeleteTable TableStatus");
        try (DynamoDbWaiter waiter = dynamoDb.waiter()) {
            WaiterResponse<DescribeTableResponse> waited =
                    waiter.waitUntilTableNotExists(r -> r.tableName(tableName), Scenario::pollOften);
            Check.isTrue(waited.matched().exception().orElse(null) instanceof ResourceNotFoundException,
                    "the waiter ended on ResourceNotFoundException, not " + waited.matched());
        }
        List<String> names = dynamoDb.listTablesPaginator(r -> { }).tableNames().stream().toList();
        Check.isTrue(!names.contains(tableName), "ListTables still names " + tableName + ": " + names);
    }

    // ---- items and keys ----

    private static String msgKey(int i) {
        return String.format("msg#%02d", i);
    }

    private static String body(int i) {
        return "message number " + i;
    }

    /** msg#NN of user#1: status open for even numbers, closed for odd. */
    private static Message message(int i) {
        return new Message(USER1, msgKey(i), i % 2 == 0 ? "open" : "closed", i, body(i));
    }

    /** user#2/profile: one attribute of every type DynamoDB has, nested ones inside the map and list. */
    private static Map<String, AttributeValue> profileItem() {
        return Map.ofEntries(
                Map.entry("pk", s(USER2)),
                Map.entry("sk", s(PROFILE)),
                Map.entry("name", s("Ada")),
                Map.entry("address", AttributeValue.fromM(Map.of(
                        "city", s("London"),
                        "zip", AttributeValue.fromN("12345"),
                        "lines", AttributeValue.fromL(List.of(s("12 St James's Square"), AttributeValue.fromN("2.5")))))),
                Map.entry("history", AttributeValue.fromL(List.of(
                        s("joined"), AttributeValue.fromN("1815"), AttributeValue.fromBool(false),
                        AttributeValue.fromM(Map.of("by", s("invitation")))))),
                Map.entry("tags", AttributeValue.fromSs(List.of("math", "engines", "poetry"))),
                Map.entry("scores", AttributeValue.fromNs(List.of("1", "2.5", "-3", "1000000000000"))),
                Map.entry("verified", AttributeValue.fromBool(true)),
                Map.entry("nickname", AttributeValue.fromNul(true)),
                Map.entry("avatar", AttributeValue.fromB(Check.bytes(0, 1, 2, 0x7f, 0x80, 0xfe, 0xff))));
    }

    private Map<String, AttributeValue> itemOf(Message m) {
        return schema.itemToMap(m, true);
    }

    private static Key key(String pk, String sk) {
        return Key.builder().partitionValue(pk).sortValue(sk).build();
    }

    private static Map<String, AttributeValue> keyMap(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static String keyString(Map<String, AttributeValue> item) {
        return item.get("pk").s() + "/" + item.get("sk").s();
    }

    private static List<String> msgKeys(int from, int to) {
        return IntStream.range(from, to).mapToObj(Scenario::msgKey).toList();
    }

    private static List<String> sortKeys(List<Map<String, AttributeValue>> items) {
        return items.stream().map(item -> item.get("sk").s()).toList();
    }

    private static List<String> reversed(List<String> list) {
        List<String> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement keyElement(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** Reads until done(answer) or 5 seconds have passed, and returns the last answer for the checks to judge. */
    private static <T> T eventually(Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        T answer = read.get();
        while (!done.test(answer) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
            answer = read.get();
        }
        return answer;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
