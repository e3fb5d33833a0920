package platform.terraform

import rego.v1

# Every S3 bucket in a plan must block public access.
deny contains msg if {
	some change in input.resource_changes
	change.type == "aws_s3_bucket_public_access_block"
	not change.change.after.block_public_acls
	msg := sprintf("%s must block public ACLs", [change.address])
}

# Databases must be encrypted (rds 2.x does this for you).
deny contains msg if {
	some change in input.resource_changes
	change.type == "aws_db_instance"
	not change.change.after.storage_encrypted
	msg := sprintf("%s must use encrypted storage", [change.address])
}
