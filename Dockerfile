# dynarock: a drop-in for amazon/dynamodb-local.
#   docker build -t dynarock .
#   docker run -p 8000:8000 dynarock
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      cmake ninja-build g++ make libboost1.81-dev librocksdb-dev libsimdjson-dev \
      libgtest-dev zlib1g-dev ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDDB_TESTS=OFF \
 && cmake --build build

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libsnappy1v5 liblz4-1 libzstd1 libbz2-1.0 libsimdjson14 zlib1g \
      && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/dynarock /usr/local/bin/dynarock
WORKDIR /home/dynamodblocal
EXPOSE 8000
# Like amazon/dynamodb-local: listen on every interface, in memory unless the
# command says otherwise; its command lines ("-jar DynamoDBLocal.jar -sharedDb
# -dbPath ./data") work unchanged.
ENTRYPOINT ["dynarock", "--host", "0.0.0.0"]
CMD ["-jar", "DynamoDBLocal.jar", "-inMemory"]
