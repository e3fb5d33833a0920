resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_db_instance" "this" {
  identifier                   = var.name
  engine                       = "postgres"
  engine_version               = var.engine_version
  instance_class               = var.instance_class
  allocated_storage            = var.allocated_storage
  db_subnet_group_name         = aws_db_subnet_group.this.name
  storage_encrypted            = var.storage_encrypted
  backup_retention_period      = 7
  performance_insights_enabled = true
  manage_master_user_password  = true
  username                     = "app"
  skip_final_snapshot          = false
}
