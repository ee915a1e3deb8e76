package dynarock.conformance;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * One item of the scenario's table as the Enhanced Client sees it: key pk/sk,
 * and the GSI {@code by-status} keyed on status/sk. The bean mapper needs a
 * public class with a no-argument constructor and getters/setters.
 */
@DynamoDbBean
public class Message {
    private String pk;
    private String sk;
    private String status;
    private Integer n;
    private String body;

    public Message() {
    }

    public Message(String pk, String sk, String status, Integer n, String body) {
        this.pk = pk;
        this.sk = sk;
        this.status = status;
        this.n = n;
        this.body = body;
    }

    @DynamoDbPartitionKey
    public String getPk() {
        return pk;
    }

    public void setPk(String pk) {
        this.pk = pk;
    }

    @DynamoDbSortKey
    @DynamoDbSecondarySortKey(indexNames = Scenario.INDEX)
    public String getSk() {
        return sk;
    }

    public void setSk(String sk) {
        this.sk = sk;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = Scenario.INDEX)
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public Integer getN() {
        return n;
    }

    public void setN(Integer n) {
        this.n = n;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && java.util.Objects.equals(pk, m.pk) && java.util.Objects.equals(sk, m.sk)
                && java.util.Objects.equals(status, m.status) && java.util.Objects.equals(n, m.n)
                && java.util.Objects.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(pk, sk, status, n, body);
    }

    @Override
    public String toString() {
        return "{pk=" + pk + ", sk=" + sk + ", status=" + status + ", n=" + n + ", body=" + body + "}";
    }
}
