// aiprov graph schema: constraints and indexes. One statement per block, separated by ';'. Safe to run again
// (IF NOT EXISTS): a store made before versions were recorded gets it a second time.
CREATE CONSTRAINT model_id IF NOT EXISTS FOR (n:Model) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT space_id IF NOT EXISTS FOR (n:Space) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT author_name IF NOT EXISTS FOR (n:Author) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT revision_key IF NOT EXISTS FOR (n:Revision) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT file_key IF NOT EXISTS FOR (n:File) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT finding_key IF NOT EXISTS FOR (n:Finding) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT secret_sha IF NOT EXISTS FOR (n:Secret) REQUIRE n.sha256 IS UNIQUE;
CREATE CONSTRAINT scan_key IF NOT EXISTS FOR (n:ScanResult) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT deployment_name IF NOT EXISTS FOR (n:Deployment) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT approval_id IF NOT EXISTS FOR (n:Approval) REQUIRE n.id IS UNIQUE;
CREATE INDEX repo_key IF NOT EXISTS FOR (n:Repo) ON (n.key);
CREATE INDEX repo_author IF NOT EXISTS FOR (n:Repo) ON (n.author);
CREATE INDEX revision_sha IF NOT EXISTS FOR (n:Revision) ON (n.sha);
CREATE INDEX file_sha256 IF NOT EXISTS FOR (n:File) ON (n.sha256);
CREATE INDEX file_blob IF NOT EXISTS FOR (n:File) ON (n.blobId);
CREATE INDEX finding_rule IF NOT EXISTS FOR (n:Finding) ON (n.rule);
CREATE INDEX approval_artifact IF NOT EXISTS FOR (n:Approval) ON (n.artifact, n.revision);
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (n:Alert) REQUIRE n.id IS UNIQUE;
CREATE INDEX alert_at IF NOT EXISTS FOR (n:Alert) ON (n.at);
