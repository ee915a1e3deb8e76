// dynamodb-toolbox (v2 API), unchanged, on dynarock: a Table with a GSI and a
// Book entity, driven through its commands (put, get, query, update with a
// condition, delete) over the SDK v3 DocumentClient pointed at dynarock in
// code. The table is made with the SDK, as the toolbox makes none. Every
// answer is what the toolbox documents over real DynamoDB.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import {
  DynamoDBClient, CreateTableCommand, ConditionalCheckFailedException, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  Table, Entity, item, string, number, set, PutItemCommand, GetItemCommand, QueryCommand,
  UpdateItemCommand, DeleteItemCommand, isConditionCheckFailed, $add,
} from 'dynamodb-toolbox';
import {
  clearAwsEnvironment, dynarockUrl, keepOnDynarock, rejection, scenario, CREDENTIALS, REGION,
} from './common.js';

clearAwsEnvironment();
const TABLE = 'js-toolbox';
const ddb = keepOnDynarock(new DynamoDBClient({ endpoint: dynarockUrl(), region: REGION, credentials: CREDENTIALS }));
const documentClient = DynamoDBDocumentClient.from(ddb);
after(() => ddb.destroy());

const Library = new Table({
  documentClient,
  name: TABLE,
  partitionKey: { name: 'pk', type: 'string' },
  sortKey: { name: 'sk', type: 'string' },
  indexes: {
    byGenre: { type: 'global', partitionKey: { name: 'genre', type: 'string' }, sortKey: { name: 'year', type: 'number' } },
  },
});

const Book = new Entity({
  name: 'Book',
  table: Library,
  schema: item({
    author: string().key().savedAs('pk'),
    title: string().key().savedAs('sk'),
    genre: string(),
    year: number(),
    copies: number().default(1),
    tags: set(string()).optional(),
  }),
});

const books = [
  { author: 'Le Guin', title: 'The Dispossessed', genre: 'sf', year: 1974, copies: 1, tags: new Set(['anarchy', 'physics']) },
  { author: 'Le Guin', title: 'The Left Hand of Darkness', genre: 'sf', year: 1969, copies: 2 },
  { author: 'Le Guin', title: 'A Wizard of Earthsea', genre: 'fantasy', year: 1968, copies: 1 },
  { author: 'Herbert', title: 'Dune', genre: 'sf', year: 1965, copies: 4 },
];
const [dispossessed, leftHand, earthsea, dune] = books;
const bookKey = ({ author, title }) => ({ author, title });
const titles = (items) => items.map((book) => book.title);

// The toolbox stamps each item with ISO-8601 `created` and `modified` times;
// compare the rest exactly and those by form.
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
function withoutTimestamps(book, what) {
  assert.ok(book, `${what}: no item`);
  const { created, modified, ...rest } = book;
  assert.match(created, ISO, `${what}: created`);
  assert.match(modified, ISO, `${what}: modified`);
  return rest;
}

scenario('dynamodb-toolbox: a Table and a Book entity', (step) => {
  step('the table, made with the SDK', async () => {
    await ddb.send(new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'genre', AttributeType: 'S' },
        { AttributeName: 'year', AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [{
        IndexName: 'byGenre',
        KeySchema: [{ AttributeName: 'genre', KeyType: 'HASH' }, { AttributeName: 'year', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      }],
    }));
    await waitUntilTableExists({ client: ddb, maxWaitTime: 120, minDelay: 1, maxDelay: 2 }, { TableName: TABLE });
  });

  step('put: four books, defaults applied', async () => {
    for (const book of books) {
      const { copies, ...withoutDefault } = book;
      // `copies` left out where it is the default, which the toolbox fills in.
      const { ToolboxItem } = await Book.build(PutItemCommand).item(copies === 1 ? withoutDefault : book).send();
      // The item as written carries the entity's name in its `entity` attribute.
      assert.deepEqual(withoutTimestamps(ToolboxItem, book.title), { ...book, entity: 'Book' });
    }
  });

  step('get: a book as put, as stored, and a missing one', async () => {
    const { Item } = await Book.build(GetItemCommand).key(bookKey(dispossessed)).send();
    assert.deepEqual(withoutTimestamps(Item, 'The Dispossessed'), dispossessed);

    // What the toolbox wrote under its documented attribute names: the keys
    // saved as pk/sk, the entity name in _et, the timestamps in _ct and _md.
    const raw = (await documentClient.send(new GetCommand({
      TableName: TABLE, Key: { pk: 'Le Guin', sk: 'The Dispossessed' },
    }))).Item;
    assert.deepEqual(raw, {
      pk: 'Le Guin', sk: 'The Dispossessed', genre: 'sf', year: 1974, copies: 1, tags: new Set(['anarchy', 'physics']),
      _et: 'Book', _ct: Item.created, _md: Item.modified,
    });

    const missing = await Book.build(GetItemCommand).key({ author: 'Le Guin', title: 'Lavinia' }).send();
    assert.equal(missing.Item, undefined);
  });

  step('query: a partition with beginsWith, the GSI with a range, page by page', async () => {
    const the = await Library.build(QueryCommand).entities(Book)
      .query({ partition: 'Le Guin', range: { beginsWith: 'The ' } }).send();
    assert.deepEqual(titles(the.Items), ['The Dispossessed', 'The Left Hand of Darkness']);
    assert.deepEqual(withoutTimestamps(the.Items[1], 'The Left Hand of Darkness'), leftHand);

    const sf = await Library.build(QueryCommand).entities(Book)
      .query({ index: 'byGenre', partition: 'sf', range: { gte: 1966 } }).send();
    assert.deepEqual(titles(sf.Items), ['The Left Hand of Darkness', 'The Dispossessed']);

    const newestFirst = await Library.build(QueryCommand).entities(Book)
      .query({ index: 'byGenre', partition: 'sf' }).options({ reverse: true }).send();
    assert.deepEqual(titles(newestFirst.Items), ['The Dispossessed', 'The Left Hand of Darkness', 'Dune']);

    // One item a page, every page: the toolbox follows LastEvaluatedKey itself.
    const paged = await Library.build(QueryCommand).entities(Book)
      .query({ partition: 'Le Guin' }).options({ limit: 1, maxPages: Infinity }).send();
    assert.deepEqual(titles(paged.Items), ['A Wizard of Earthsea', 'The Dispossessed', 'The Left Hand of Darkness']);
    assert.equal(paged.LastEvaluatedKey, undefined);
  });

  step('update with a condition; refused when it no longer holds', async () => {
    const lend = () => Book.build(UpdateItemCommand)
      .item({ ...bookKey(dune), copies: $add(-1) })
      .options({ condition: { attr: 'copies', eq: 4 }, returnValues: 'ALL_NEW' })
      .send();
    const { Attributes } = await lend();
    assert.deepEqual(withoutTimestamps(Attributes, 'Dune'), { ...dune, copies: 3 });

    const error = await rejection(lend(), 'the same update again');
    assert.ok(isConditionCheckFailed(error), `${error}`);
    assert.ok(error instanceof ConditionalCheckFailedException);
    assert.equal(error.message, 'The conditional request failed');
    const { Item } = await Book.build(GetItemCommand).key(bookKey(dune)).send();
    assert.equal(Item.copies, 3, 'the refused update changed the item');
  });

  step('delete: the old item back, then a conditional delete of it refused', async () => {
    const { Attributes } = await Book.build(DeleteItemCommand).key(bookKey(earthsea))
      .options({ returnValues: 'ALL_OLD' }).send();
    assert.deepEqual(withoutTimestamps(Attributes, 'A Wizard of Earthsea'), earthsea);

    const error = await rejection(Book.build(DeleteItemCommand).key(bookKey(earthsea))
      .options({ condition: { attr: 'author', exists: true } }).send(), 'deleting the missing book');
    assert.ok(isConditionCheckFailed(error), `${error}`);
    const { Item } = await Book.build(GetItemCommand).key(bookKey(earthsea)).send();
    assert.equal(Item, undefined);
  });
});
