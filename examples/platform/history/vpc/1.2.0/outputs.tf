output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}

output "database_subnet_group" {
  description = "Name of the DB subnet group over the private subnets."
  value       = aws_db_subnet_group.this.name
}
