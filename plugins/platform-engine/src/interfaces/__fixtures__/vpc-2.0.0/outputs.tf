output "vpc_id" {
  description = "The ID of the VPC"
  value       = try(aws_vpc.this[0].id, null)
}

output "vpn_gateway_psk" {
  description = "The pre-shared key of the VPN tunnels"
  value       = var.vpn_gateway_psk
  sensitive   = true
}

output "private_subnets" {
  description = "List of IDs of private subnets"
  value       = aws_subnet.private[*].id
}
