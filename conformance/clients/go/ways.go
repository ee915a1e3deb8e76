package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
)

// The credentials and region every way gives; dynarock accepts any.
const (
	accessKeyID     = "dynarock-go"
	secretAccessKey = "dynarock-go-secret"
	region          = "eu-west-1"
)

// clients are the two SDK clients one way of configuring makes.
type clients struct {
	db      *dynamodb.Client
	streams *dynamodbstreams.Client
}

// way is one way of pointing the SDK at an endpoint. connect builds the
// clients; done undoes what connect changed in the process (environment,
// files) once the scenario has been played.
type way struct {
	name    string
	connect func(ctx context.Context, url string) (c clients, done func(), err error)
}

var ways = []way{
	{"env", connectByEnv},
	{"profile", connectByProfile},
	{"code", connectInCode},
}

// connectByEnv: the service-specific endpoint variables, with credentials
// and region also from the environment, read by LoadDefaultConfig.
func connectByEnv(ctx context.Context, url string) (clients, func(), error) {
	restore := replaceAWSEnv(map[string]string{
		"AWS_ENDPOINT_URL_DYNAMODB":         url,
		"AWS_ENDPOINT_URL_DYNAMODB_STREAMS": url,
		"AWS_ACCESS_KEY_ID":                 accessKeyID,
		"AWS_SECRET_ACCESS_KEY":             secretAccessKey,
		"AWS_REGION":                        region,
	})
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		restore()
		return clients{}, nil, err
	}
	return clients{dynamodb.NewFromConfig(cfg), dynamodbstreams.NewFromConfig(cfg)}, restore, nil
}

// connectByProfile: a shared config file whose profile names endpoint_url
// and the region, a shared credentials file, and AWS_PROFILE naming them.
func connectByProfile(ctx context.Context, url string) (clients, func(), error) {
	dir, err := os.MkdirTemp("", "dynarock-go-profile-")
	if err != nil {
		return clients{}, nil, err
	}
	const name = "dynarock"
	configFile := filepath.Join(dir, "config")
	credentialsFile := filepath.Join(dir, "credentials")
	err = firstErr(
		os.WriteFile(configFile, []byte(fmt.Sprintf(
			"[profile %s]\nregion = %s\nendpoint_url = %s\n", name, region, url)), 0o600),
		os.WriteFile(credentialsFile, []byte(fmt.Sprintf(
			"[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
			name, accessKeyID, secretAccessKey)), 0o600),
	)
	restore := replaceAWSEnv(map[string]string{
		"AWS_CONFIG_FILE":             configFile,
		"AWS_SHARED_CREDENTIALS_FILE": credentialsFile,
		"AWS_PROFILE":                 name,
	})
	done := func() { restore(); os.RemoveAll(dir) }
	if err != nil {
		done()
		return clients{}, nil, err
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		done()
		return clients{}, nil, err
	}
	return clients{dynamodb.NewFromConfig(cfg), dynamodbstreams.NewFromConfig(cfg)}, done, nil
}

// connectInCode: region and credentials given to LoadDefaultConfig, and the
// endpoint as each client's BaseEndpoint option.
func connectInCode(ctx context.Context, url string) (clients, func(), error) {
	restore := replaceAWSEnv(nil)
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion(region),
		config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, "")))
	if err != nil {
		restore()
		return clients{}, nil, err
	}
	db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(url)
	})
	streams := dynamodbstreams.NewFromConfig(cfg, func(o *dynamodbstreams.Options) {
		o.BaseEndpoint = aws.String(url)
	})
	return clients{db, streams}, restore, nil
}

// replaceAWSEnv clears every AWS_* variable, so that nothing but the way
// under test can point the SDK anywhere, and sets vars. Shared config and
// credentials files are made empty unless vars name them, for the same
// reason. The returned function puts the environment back.
func replaceAWSEnv(vars map[string]string) (restore func()) {
	saved := map[string]string{}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AWS_") {
			saved[name] = value
			os.Unsetenv(name)
		}
	}
	os.Setenv("AWS_CONFIG_FILE", os.DevNull)
	os.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	for name, value := range vars {
		os.Setenv(name, value)
	}
	return func() {
		for _, kv := range os.Environ() {
			if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "AWS_") {
				os.Unsetenv(name)
			}
		}
		for name, value := range saved {
			os.Setenv(name, value)
		}
	}
}
