resource "aws_db_subnet_group" "this" {
  name       = var.identifier
  subnet_ids = var.subnet_ids
}

resource "aws_db_instance" "this" {
  identifier                   = var.identifier
  engine                       = "postgres"
  engine_version               = var.engine_version
  instance_class               = var.instance_class
  allocated_storage            = var.allocated_storage
  db_subnet_group_name         = aws_db_subnet_group.this.name
  storage_encrypted            = true
  copy_tags_to_snapshot        = true
  backup_retention_period      = var.backup_retention_days
  performance_insights_enabled = true
  manage_master_user_password  = true
  username                     = "app"
  deletion_protection          = true
  skip_final_snapshot          = false
}
