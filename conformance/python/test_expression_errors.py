"""Every expression validation error, through boto3: DynamoDB's ValidationException and
message, HTTP 400, and the item exactly as it was before the request."""
import pytest

from conftest import error_of, unique_name

ITEM = {"a": {"M": {"b": {"S": "x"}}}, "l": {"L": [{"S": "q"}]}, "s": {"S": "abc"},
        "n": {"N": "5"}}
X = {":v": {"S": "x"}}
SET_X = dict(UpdateExpression="SET x = :v")
OVERLAP = ("Two document paths overlap with each other; must remove or rewrite one of these "
           "paths; ")
CONFLICT = ("Two document paths conflict with each other; must remove or rewrite one of these "
            "paths; ")
MISUSED = "The function is not allowed to be used this way in an expression; function: "
OPERAND = "Incorrect operand type for operator or function; operator or function: "
DISTINCT = ("The first operand must be distinct from the remaining operands for this operator "
            "or function; ")


def cond(expression, values=X, **extra):
    """An UpdateItem whose ConditionExpression is `expression`."""
    return dict(SET_X, ConditionExpression=expression, ExpressionAttributeValues=values, **extra)


def update(expression, values=X, **extra):
    call = dict(UpdateExpression=expression, **extra)
    if values is not None:
        call["ExpressionAttributeValues"] = values
    return call


UPDATE_ITEM_CASES = [
    # syntax
    (cond("a = :v AND"), 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"'),
    (update("SET a = :v +"), 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "+"'),
    (update(""), "Invalid UpdateExpression: The expression can not be empty;"),
    (cond(""), "Invalid ConditionExpression: The expression can not be empty;"),
    (cond("((s = :v))"), "Invalid ConditionExpression: The expression has redundant parentheses;"),
    # placeholders
    (update("SET #n = :v"), "Invalid UpdateExpression: An expression attribute name used in the "
                            "document path is not defined; attribute name: #n"),
    (cond("s = :nope"), "Invalid ConditionExpression: An expression attribute value used in "
                        "expression is not defined; attribute value: :nope"),
    (update("SET a = :v", ExpressionAttributeNames={"#n": "x"}),
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}"),
    (update("SET a = :v", values={":v": {"S": "x"}, ":w": {"S": "y"}}),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"),
    (update("SET x = :v", values={}), "ExpressionAttributeValues must not be empty"),
    (update("SET x = :v", values={":v": {"SS": []}}),
     "ExpressionAttributeValues contains invalid value: One or more parameter values were "
     "invalid: An string set  may not be empty for key :v"),
    # reserved words
    (update("SET name = :v"), "Invalid UpdateExpression: Attribute name is a reserved keyword; "
                              "reserved keyword: name"),
    (cond("status = :v"), "Invalid ConditionExpression: Attribute name is a reserved keyword; "
                          "reserved keyword: status"),
    # update clauses and paths
    (update("SET a = :v SET b = :v"), 'Invalid UpdateExpression: The "SET" section can only be '
                                      'used once in an update expression;'),
    (update("REMOVE a REMOVE b", values=None), 'Invalid UpdateExpression: The "REMOVE" section '
                                               'can only be used once in an update expression;'),
    (update("SET a = :v REMOVE a"),
     "Invalid UpdateExpression: " + OVERLAP + "path one: [a], path two: [a]"),
    (update("SET a = :v, a.b = :v"),
     "Invalid UpdateExpression: " + OVERLAP + "path one: [a], path two: [a, b]"),
    (update("SET a.b = :v, a[0] = :v"),
     "Invalid UpdateExpression: " + CONFLICT + "path one: [a, b], path two: [a, [0]]"),
    (update("SET pk = :v"), "One or more parameter values were invalid: Cannot update attribute "
                            "pk. This attribute is part of the key"),
    (update("SET nope.x = :v"),
     "The document path provided in the update expression is invalid for update"),
    # operand types and arithmetic
    (update("SET x = s + :v", values={":v": {"N": "1"}}),
     "An operand in the update expression has an incorrect data type"),
    (update("ADD x :v"), "Invalid UpdateExpression: Incorrect operand type for operator or "
                         "function; operator: ADD, operand type: STRING, typeSet: "
                         "ALLOWED_FOR_ADD_OPERAND"),
    (update("DELETE x :v", values={":v": {"N": "1"}}),
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
     "DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND"),
    (update("SET x = list_append(:v, l)"),
     "Invalid UpdateExpression: " + OPERAND + "list_append, operand type: S"),
    (update("SET x = :v + :v", values={":v": {"N": "9E+125"}}),
     "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    (update("SET x = :v - :w", values={":v": {"N": "1E+30"}, ":w": {"N": "1E-10"}}),
     "DynamoDB only supports precision up to 38 digits"),
    # functions
    (update("SET x = size(l)", values=None), "Invalid UpdateExpression: The function is not "
                                             "allowed in an update expression; function: size"),
    (update("SET x = if_not_exists(:v, :v)"), "Invalid UpdateExpression: Operator or function "
                                              "requires a document path; operator or function: "
                                              "if_not_exists"),
    (cond("foo(s)"), "Invalid ConditionExpression: Invalid function name; function: foo"),
    (cond("size(s)"), "Invalid ConditionExpression: " + MISUSED + "size"),
    (cond("attribute_exists(s) = :v"), "Invalid ConditionExpression: " + MISUSED +
                                       "attribute_exists"),
    (cond("attribute_exists(:v)"), "Invalid ConditionExpression: Operator or function requires "
                                   "a document path; operator or function: attribute_exists"),
    (cond("contains(s)"), "Invalid ConditionExpression: Incorrect number of operands for "
                          "operator or function; operator or function: contains, number of "
                          "operands: 1"),
    (cond("begins_with(s, :n)", values=dict(X, **{":n": {"N": "1"}})),
     "Invalid ConditionExpression: " + OPERAND + "begins_with, operand type: N"),
    (cond("attribute_type(s, :t)", values=dict(X, **{":t": {"S": "XX"}})),
     "Invalid ConditionExpression: Invalid attribute type name found; type: XX, valid types: "
     "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}"),
    (cond("attribute_type(s, :t)", values=dict(X, **{":t": {"N": "1"}})),
     "Invalid ConditionExpression: " + OPERAND + "attribute_type, operand type: N"),
    (cond("size(:n) = :n", values=dict(X, **{":n": {"N": "1"}})),
     "Invalid ConditionExpression: " + OPERAND + "size, operand type: N"),
    (cond("s < :m", values=dict(X, **{":m": {"M": {}}})),
     "Invalid ConditionExpression: " + OPERAND + "<, operand type: M"),
    (cond("s = s"), "Invalid ConditionExpression: " + DISTINCT + "operator: =, first operand: [s]"),
    (cond("s IN (:v, s)"), "Invalid ConditionExpression: " + DISTINCT + "operator: IN, first "
                           "operand: [s]"),
    (cond("s BETWEEN s AND :v"), "Invalid ConditionExpression: " + DISTINCT + "operator: BETWEEN, "
                                 "first operand: [s]"),
    (cond("contains(a.b, a.b)"),
     "Invalid ConditionExpression: " + DISTINCT + "operator: contains, first operand: [a, b]"),
    (cond("n BETWEEN :hi AND :lo", values=dict(X, **{":hi": {"N": "5"}, ":lo": {"N": "4"}})),
     "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than "
     "or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: "
     "AttributeValue: {N:4}"),
    (cond("n BETWEEN :lo AND :v", values=dict(X, **{":lo": {"N": "1"}})),
     "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and "
     "upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
     "AttributeValue: {S:x}"),
    (cond("n IN (" + ", ".join([":v"] * 101) + ")"),
     "Invalid ConditionExpression: The IN operator is provided with too many operands; number "
     "of operands: 101"),
    # mixing expressions with their legacy parameters
    (dict(SET_X, ExpressionAttributeValues=X, AttributeUpdates={"y": {"Action": "DELETE"}}),
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}"),
    (cond("a.b = :v", Expected={"a": {"Exists": False}}),
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {Expected} Expression parameters: {UpdateExpression, "
     "ConditionExpression}"),
]


@pytest.fixture
def seeded(ddb, table_s):
    key = {"pk": {"S": unique_name("experr")}}
    ddb.put_item(TableName=table_s, Item=dict(key, **ITEM))
    return key


def assert_unchanged(ddb, table, key):
    assert ddb.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"] == dict(key, **ITEM)


@pytest.mark.parametrize("kwargs, message", UPDATE_ITEM_CASES,
                         ids=[str(i) for i in range(len(UPDATE_ITEM_CASES))])
def test_update_item_rejects_and_changes_nothing(ddb, table_s, seeded, kwargs, message):
    code, got, status = error_of(ddb.update_item, TableName=table_s, Key=seeded, **kwargs)
    assert (code, status, got) == ("ValidationException", 400, message)
    assert_unchanged(ddb, table_s, seeded)


@pytest.mark.parametrize("kwargs, message", [
    (dict(ProjectionExpression="a, a.b"),
     "Invalid ProjectionExpression: " + OVERLAP + "path one: [a], path two: [a, b]"),
    (dict(ProjectionExpression="#x, #y", ExpressionAttributeNames={"#x": "s", "#y": "s"}),
     "Invalid ProjectionExpression: " + OVERLAP + "path one: [s], path two: [s]"),
    (dict(ProjectionExpression="a.b, a[0]"),
     "Invalid ProjectionExpression: " + CONFLICT + "path one: [a, b], path two: [a, [0]]"),
    (dict(ProjectionExpression="name"),
     "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name"),
    (dict(ProjectionExpression="a,"),
     'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","'),
    (dict(ProjectionExpression="a", AttributesToGet=["a"]),
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {AttributesToGet} Expression parameters: "
     "{ProjectionExpression}"),
])
def test_get_item_projection_errors(ddb, table_s, seeded, kwargs, message):
    code, got, status = error_of(ddb.get_item, TableName=table_s, Key=seeded, **kwargs)
    assert (code, status, got) == ("ValidationException", 400, message)


def test_sibling_projection_paths_are_fine(ddb, table_s, seeded):
    item = ddb.get_item(TableName=table_s, Key=seeded, ProjectionExpression="a.b, l[0], s")["Item"]
    assert item == {"a": ITEM["a"], "l": ITEM["l"], "s": ITEM["s"]}


@pytest.mark.parametrize("operation", ["put_item", "delete_item"])
def test_put_and_delete_reject_bad_conditions_and_change_nothing(ddb, table_s, seeded, operation):
    target = dict(Item=dict(seeded, s={"S": "new"})) if operation == "put_item" else dict(
        Key=seeded)
    code, got, status = error_of(getattr(ddb, operation), TableName=table_s,
                                 ConditionExpression="s = s", **target)
    assert (code, status, got) == ("ValidationException", 400, "Invalid ConditionExpression: " +
                                   DISTINCT + "operator: =, first operand: [s]")
    assert_unchanged(ddb, table_s, seeded)
